"""导入已发布的报告文本 in the admin: what went where is shown, correctable, and saved."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.timezone import localtime

from reports.models import AnnualReport, Section, WorkflowAction, WorkflowEvent

from .conftest import make_user

pytestmark = pytest.mark.django_db
URL = "/admin/reports/annualreport/import-text/"

TEXT = """您所在的位置:首页 > 政务公开 > 法治政府
工作报告
示例县人民政府关于2021年度法治政府建设情况的报告
文章来源:县司法局 更新时间:2022/03/29 11:30:01
2021年,示例县深入推进法治政府建设,现将有关情况报告如下:
一、2021年主要工作
(一)加强领导
1.召开会议。全年召开县政府常务会议5次。
专项治理
开展专项治理行动,整改问题12个,全部按期完成整改。
二、2022年工作安排
继续推进依法行政。
示例县人民政府
二〇二二年三月二十五日
(此件公开发布)
"""


def token_of(response) -> str:
    return re.search(r'name="upload" value="([^"]+)"', response.content.decode())[1]


def preview(client, text=TEXT):
    response = client.post(URL, {"text": text})
    assert response.status_code == 200
    return response


def fields(token, **extra):
    return {
        "upload": token,
        "year": 2021,
        "title": "示例县人民政府关于2021年度法治政府建设情况的报告",
        "government": "示例县人民政府",
        "issuing_office": "县司法局",
        "published_at": "2022-03-29T11:30:01",
        "column_path": "政务公开 > 法治政府",
        "preamble": "2021年,示例县深入推进法治政府建设,现将有关情况报告如下:",
        "closing": "示例县人民政府\n二〇二二年三月二十五日\n(此件公开发布)",
        **extra,
    }


def test_the_preview_shows_what_went_where(client, editor):
    client.force_login(editor)
    page = preview(client).content.decode()
    assert 'value="示例县人民政府关于2021年度法治政府建设情况的报告"' in page
    assert 'value="示例县人民政府"' in page and 'value="县司法局"' in page
    assert 'value="2022-03-29T11:30:01"' in page  # the time of day is kept
    assert "2021年,示例县深入推进法治政府建设" in page  # 导语
    assert "一级" in page and "二级" in page and "三级" in page  # outline with levels
    assert "二〇二二年三月二十五日" in page and "(此件公开发布)" in page  # closing
    for furniture in ("您所在的位置", "工作报告", "文章来源:县司法局"):
        assert furniture in page  # listed as removed, with a box to keep it
    assert page.count('name="keep"') == 3
    assert "专项治理" in page and 'name="heading"' in page  # offered as a heading


def test_creating_the_draft_saves_every_part_and_records_who(client, editor):
    client.force_login(editor)
    token = token_of(preview(client))
    response = client.post(URL, fields(token, create="1"))
    assert response.status_code == 302
    report = AnnualReport.objects.get(year=2021)
    assert localtime(report.published_at).strftime("%H:%M:%S") == "11:30:01"
    assert report.closing.endswith("(此件公开发布)")
    assert report.column_path == "政务公开 > 法治政府"
    event = WorkflowEvent.objects.get(report=report)
    assert (event.action, event.user) == (WorkflowAction.CREATED, editor)
    # The stored text is gone once used.
    again = client.post(URL, fields(token, create="1", year=2020))
    assert "导入的文本已失效" in again.content.decode()


def test_staff_corrections_are_applied_before_creating(client, editor):
    client.force_login(editor)
    first = preview(client)
    token = token_of(first)
    page = first.content.decode()
    keep = re.search(r'name="keep" value="(\d+)"> 保留为正文</label></td></tr>\s*</tbody>', page)
    heading = re.search(r'name="heading" value="(\d+)"', page)[1]
    not_heading = re.search(r'name="not_heading" value="(\d+)"', page)[1]  # 一、
    reread = client.post(
        URL,
        fields(
            token, reparse="1", keep=keep[1] if keep else "", heading=heading, title="改过的标题"
        ),
    )
    page = reread.content.decode()
    assert 'value="改过的标题"' in page  # typed metadata survives reading again
    assert f'name="heading" value="{heading}" checked' in page
    response = client.post(
        URL,
        fields(
            token,
            create="1",
            heading=heading,
            not_heading=not_heading,
            preamble="更正后的导语。",
        ),
    )
    assert response.status_code == 302
    report = AnnualReport.objects.get(year=2021)
    assert report.preamble == "更正后的导语。"
    titles = list(Section.objects.filter(report=report).values_list("title", flat=True))
    assert "专项治理" in titles
    assert "2021年主要工作" not in titles  # 一、 marked as not a heading: its line is text


def test_a_large_text_is_kept_on_the_server_between_preview_and_create(client, editor):
    """Over 0.8 MB the old form posted the text back and Django answered a bare 400."""
    sentence = "全年依法办理各类行政复议案件,依法纠正违法或不当行政行为,切实维护群众合法权益。"
    paragraph = sentence * 25 + "\n"
    body = "".join(f"{n}.第{n}项工作。{paragraph * 12}" for n in range(1, 101))
    text = f"示例市2021年度法治政府建设情况报告\n一、主要工作\n{body}"
    assert len(text.encode("utf-8")) > 1_200_000
    client.force_login(editor)
    upload = SimpleUploadedFile("report.txt", text.encode("utf-8"))
    token = token_of(client.post(URL, {"file": upload}))
    response = client.post(
        URL, fields(token, create="1", title="示例市2021年度法治政府建设情况报告")
    )
    assert response.status_code == 302
    assert Section.objects.filter(report__year=2021).count() == 101


def test_the_stored_text_is_bound_to_the_session_that_uploaded_it(client, editor):
    client.force_login(editor)
    token = token_of(preview(client))
    other = Client()
    other.force_login(make_user("editor2", "录入员"))
    for forged in (token, "../../../../etc/passwd", "x" * 43):
        response = other.post(URL, fields(forged, create="1"))
        assert "导入的文本已失效" in response.content.decode()
    assert not AnnualReport.objects.exists()


def test_a_pasted_web_page_is_read_not_stored_as_markup(client, editor):
    html = (
        '<html><head><meta name="ArticleTitle" content="示例县2022年法治政府建设年度报告">'
        '<meta name="PubDate" content="2023-02-28 16:05"></head><body>'
        '<div class="TRS_Editor"><p>2022年,示例县扎实推进法治政府建设,取得明显成效,群众满意度持续提升。</p>'
        "<p>一、主要举措</p><p>取消证明事项17项。</p></div></body></html>"
    )
    client.force_login(editor)
    page = preview(client, html).content.decode()
    assert 'value="示例县2022年法治政府建设年度报告"' in page
    assert "&lt;p&gt;" not in page and "<p>2022年" not in page
