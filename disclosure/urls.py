from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import viewcounts, views
from .feeds import PublishedReportsFeed
from .pagecache import cached_page
from .sitemaps import SITEMAPS

app_name = "disclosure"

urlpatterns = [
    path("", views.home, name="home"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/<int:year>/", views.report_detail, name="report_detail"),
    path("reports/<int:year>/seen.gif", viewcounts.seen_pixel, name="seen_pixel"),
    path("reports/<int:year>/preview/", views.report_preview, name="report_preview"),
    path("reports/<int:year>/print/", views.report_print, name="report_print"),
    path("indicators/", views.indicator_index, name="indicator_index"),
    path("indicators/<str:code>/", views.indicator_detail, name="indicator_detail"),
    path("indicators/<str:code>/chart.svg", views.indicator_chart_svg, name="indicator_chart_svg"),
    path("indicators/<str:code>/chart.png", views.indicator_chart_png, name="indicator_chart_png"),
    path("indicators/<str:code>/data.csv", views.indicator_data_csv, name="indicator_data_csv"),
    path("departments/", views.department_index, name="department_index"),
    path("departments/<int:pk>/", views.department_detail, name="department_detail"),
    path("search/", views.search, name="search"),
    path("data/", views.open_data, name="open_data"),
    path("data/figures.csv", views.open_data_csv, name="open_data_csv"),
    path("data/figures.json", views.open_data_json, name="open_data_json"),
    path("data/figures.xlsx", views.open_data_xlsx, name="open_data_xlsx"),
    path("feed/", cached_page(PublishedReportsFeed()), name="feed"),
    path("sitemap.xml", cached_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("mode/", views.display_mode, name="display_mode"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("apple-touch-icon.png", views.touch_icon, name="touch_icon"),
    path("apple-touch-icon-precomposed.png", views.touch_icon),
    path("icon-512.png", views.share_image, name="share_image"),
    path("site-conac-mark", views.conac_mark, name="conac_mark"),
]
