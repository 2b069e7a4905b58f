from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "hyoka.workflow"
    label = "workflow"
    verbose_name = _("入力・承認")

    def ready(self) -> None:
        from hyoka.workflow import audit

        audit.connect()
