"""Admin for master data, in Japanese."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from hyoka.gate import GatedModelForm
from hyoka.plans.models import Area, Indicator, Municipality, Plan, Project, Role

admin.site.site_header = _("Hyoka 管理")
admin.site.site_title = _("Hyoka 管理")
admin.site.index_title = _("マスタデータ")


class MunicipalityInline(admin.TabularInline):
    form = GatedModelForm  # every text through the gate (hyoka.gate)
    model = Municipality
    extra = 0


@admin.register(Area)
class AreaAdmin(SimpleHistoryAdmin):
    form = GatedModelForm  # every text through the gate (hyoka.gate)
    list_display = ["name", "slug"]
    inlines = [MunicipalityInline]


@admin.register(Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):
    form = GatedModelForm  # every text through the gate (hyoka.gate)
    list_display = ["code", "name", "area", "is_central"]
    list_filter = ["area", "is_central"]
    search_fields = ["code", "name"]


class RoleInline(admin.TabularInline):
    form = GatedModelForm  # every text through the gate (hyoka.gate)
    model = Role
    extra = 0
    fk_name = "plan"


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    form = GatedModelForm  # every text through the gate (hyoka.gate)
    list_display = ["name", "area", "start_year", "end_year", "rubric_code"]
    inlines = [RoleInline]


class IndicatorInline(admin.StackedInline):
    form = GatedModelForm  # every text through the gate (hyoka.gate)
    model = Indicator
    extra = 0
    fields = ["position", "kind", "name", "baseline_text", "target_text", "unit", "direction"]


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    form = GatedModelForm  # every text through the gate (hyoka.gate)
    list_display = ["number", "name", "role", "sub_role", "lead"]
    list_filter = ["plan", "role"]
    search_fields = ["name", "summary"]
    filter_horizontal = ["participants"]
    inlines = [IndicatorInline]


@admin.register(Role)
class RoleAdmin(SimpleHistoryAdmin):
    form = GatedModelForm  # every text through the gate (hyoka.gate)
    list_display = ["label", "title", "parent", "plan"]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    form = GatedModelForm  # every text through the gate (hyoka.gate)
    list_display = ["name", "kind", "project", "role", "position", "target_text"]
    list_filter = ["plan", "kind"]
    search_fields = ["name"]
