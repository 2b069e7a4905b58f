from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "hyoka.evaluation"
    label = "evaluation"
    verbose_name = _("実績・評価")
