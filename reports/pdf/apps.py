from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportPdfConfig(AppConfig):
    """The PDF part of the reports domain, an app of its own so that it can wire its receivers."""

    name = "reports.pdf"
    label = "reports_pdf"
    verbose_name = _("报告PDF")

    def ready(self):
        from . import receivers

        receivers.connect()
