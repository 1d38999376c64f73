"""URLs the reports domain serves itself: the leadership's PDF."""

from django.urls import path

from .pdf import views as pdf_views

app_name = "reports"
urlpatterns = [
    path("reports/<int:year>/pdf/", pdf_views.report_pdf, name="report_pdf"),
    path("reports/<int:year>/pdf/draft/", pdf_views.report_pdf_draft, name="report_pdf_draft"),
]
