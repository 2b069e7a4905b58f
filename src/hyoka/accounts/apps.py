from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "hyoka.accounts"
    label = "accounts"
    verbose_name = _("利用者")

    def ready(self) -> None:
        from hyoka.accounts import checks  # noqa: F401  (registers the deployment checks)
