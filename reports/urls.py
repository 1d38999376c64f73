"""URLs the reports domain serves itself (the PDF lands here)."""

app_name = "reports"
urlpatterns: list = []
