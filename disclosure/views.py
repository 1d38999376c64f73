from django.shortcuts import redirect, render

from . import selectors


def home(request):
    latest = selectors.published_reports().first()
    if latest is not None:
        return redirect("disclosure:report_detail", year=latest.year)
    return render(request, "disclosure/home.html", {"reports": []})


def report_detail(request, year: int):
    report = selectors.published_report(year)
    sections = selectors.report_sections(report)
    return render(
        request, "disclosure/report_detail.html", {"report": report, "sections": sections}
    )
