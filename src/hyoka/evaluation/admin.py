from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hyoka.evaluation.models import Contribution, IndicatorYear, PlanYear, ProjectYear
from hyoka.gate import GatedModelForm


@admin.register(PlanYear)
class PlanYearAdmin(SimpleHistoryAdmin):
    form = GatedModelForm  # every text through the gate (hyoka.gate)
    list_display = ["plan", "fiscal_year", "achieved", "rated", "evaluated_at"]
    readonly_fields = ["problems", "source_sha256"]


@admin.register(IndicatorYear)
class IndicatorYearAdmin(SimpleHistoryAdmin):
    form = GatedModelForm  # every text through the gate (hyoka.gate)
    list_display = ["indicator", "fiscal_year", "actual_text", "published", "computed", "override"]
    list_filter = ["fiscal_year", "computed", "published"]
    readonly_fields = ["actual", "computed", "reason", "reason_en", "outcome", "trajectory"]


@admin.register(ProjectYear)
class ProjectYearAdmin(SimpleHistoryAdmin):
    form = GatedModelForm  # every text through the gate (hyoka.gate)
    list_display = ["project", "fiscal_year", "published", "computed"]
    list_filter = ["fiscal_year"]


@admin.register(Contribution)
class ContributionAdmin(SimpleHistoryAdmin):
    form = GatedModelForm  # every text through the gate (hyoka.gate)
    list_display = ["indicator", "fiscal_year", "municipality", "text", "entered_by"]
    list_filter = ["fiscal_year", "municipality"]
