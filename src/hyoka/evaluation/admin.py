from django.contrib import admin

from hyoka.evaluation.models import IndicatorYear, PlanYear, ProjectYear


@admin.register(PlanYear)
class PlanYearAdmin(admin.ModelAdmin):
    list_display = ["plan", "fiscal_year", "achieved", "rated", "evaluated_at"]
    readonly_fields = ["problems", "source_sha256"]


@admin.register(IndicatorYear)
class IndicatorYearAdmin(admin.ModelAdmin):
    list_display = ["indicator", "fiscal_year", "actual_text", "published", "computed", "override"]
    list_filter = ["fiscal_year", "computed", "published"]
    readonly_fields = ["actual", "computed", "reason", "reason_en", "outcome", "trajectory"]


@admin.register(ProjectYear)
class ProjectYearAdmin(admin.ModelAdmin):
    list_display = ["project", "fiscal_year", "published", "computed"]
    list_filter = ["fiscal_year"]
