from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "hyoka.plans"
    label = "plans"
    verbose_name = _("計画・事業")
