from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hyoka.accounts.models import Membership
from hyoka.gate import GatedModelForm


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    form = GatedModelForm  # every text through the gate (hyoka.gate)
    list_display = ["user", "municipality", "department", "duty"]
    list_filter = ["municipality", "duty"]
    search_fields = ["user__username", "department"]
