"""The legal-affairs office's admin: reports with their outline, figures, checks and workflow."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import reports, sections, shared  # noqa: F401 - registers the model admins

admin.site.site_header = _("法治政府建设年度报告 管理后台")
admin.site.site_title = _("年度报告管理后台")
admin.site.index_title = _("报告编制与发布")
# Report staff start from the 年度工作台 (workbench.py), above the list of models.
admin.site.index_template = "admin/reports/index.html"
