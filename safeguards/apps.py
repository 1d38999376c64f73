from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafeguardsConfig(AppConfig):
    name = "safeguards"
    verbose_name = _("运行保障")

    def ready(self):
        from . import receivers  # noqa: F401
