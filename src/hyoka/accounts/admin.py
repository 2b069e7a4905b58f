from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hyoka.accounts.models import Membership


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organisation", "department", "role"]
    list_filter = ["organisation", "role"]
    search_fields = ["user__username", "department"]
