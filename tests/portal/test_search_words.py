"""Search reads what citizens type: normalised text, synonyms kept by staff, the reports' own
terms as words, fragments and question words dropped, did-you-mean by sound, and a log of the
searches that found nothing."""

import re

import pytest
from django.contrib.auth.models import Permission, User
from django.core.exceptions import ValidationError

from disclosure.models import SearchMiss, SearchSynonym
from disclosure.search.normalise import fold, normalise
from disclosure.search.query import parse_query

from ..factories import make_report, make_section

pytestmark = pytest.mark.django_db


def results(html: str) -> list[str]:
    return re.findall(r'<li>\s*<h2><a href="([^"]+)">', html)


def test_traditional_full_width_and_case_read_as_one_form():
    assert normalise("行政復議") == "行政复议"
    assert normalise("３６９２件ＡＢ") == "3692件ab"
    # offsets survive folding, for highlighting the text as printed
    assert len(fold("行政復議ＡＢ")) == len("行政復議ＡＢ") and fold("行政復議") == "行政复议"


def test_question_words_and_fragments_are_dropped_but_numbers_kept():
    parsed = parse_query("去年行政复议多少件")
    assert parsed.terms == ["行政复议"]
    assert {"去年", "多少", "件"} <= set(parsed.ignored)
    assert parse_query("10件").terms == ["10"] and parse_query("10件").numbers == ["10件"]
    assert parse_query("5件").terms == ["5"]


def test_a_one_character_query_matches_inside_words(client, seed_report, indexed):
    indexed()
    parsed = parse_query("税")
    assert parsed.substring and parsed.terms == ["税"]
    html = client.get("/search/?q=税").content.decode()
    assert results(html)[0] == "/reports/2017/#sec-2-3"  # 税务登记证
    assert "<mark>税</mark>务登记证" in html


def test_synonyms_staff_keep_are_applied_before_segmentation(client, seed_report, indexed):
    indexed()
    html = client.get("/search/?q=告政府").content.decode()
    assert results(html)[0] == "/reports/2017/#sec-6-2"
    assert "按报告用语“行政应诉”搜索" in html
    assert "<mark>行政应诉</mark>" in html and "<mark>告</mark>" not in html
    SearchSynonym.objects.create(phrases="民生热线、12345", target="信访")
    assert parse_query("民生热线").terms == ["信访"]


def test_a_synonym_needs_a_term_and_a_different_phrase():
    with pytest.raises(ValidationError):
        SearchSynonym(phrases="、", target="信访").full_clean()
    with pytest.raises(ValidationError):
        SearchSynonym(phrases="信访", target="信访").full_clean()


def test_the_reports_quoted_terms_and_department_names_become_words(seed_report, indexed):
    indexed()
    assert parse_query("双随机一公开").terms == ["双随机一公开"]
    assert parse_query("三集中").terms == ["三集中"]
    assert parse_query("法制办").terms == ["法制办"]


def test_a_new_term_in_a_report_rebuilds_the_index(
    client, seed_report, indexed, django_capture_on_commit_callbacks
):
    indexed()
    assert "三个一律" not in parse_query("三个一律").terms
    with django_capture_on_commit_callbacks(execute=True):
        report = make_report(2030, status="published")
        make_section(report, title="测试章节", body="测试:推行“三个一律”办案要求,全面落实。")
    assert parse_query("三个一律").terms == ["三个一律"]
    assert results(client.get("/search/?q=三个一律").content.decode())


def test_fragments_of_unknown_words_neither_match_nor_highlight(client, seed_report, indexed):
    indexed()
    parsed = parse_query("告状 行政复议")
    assert "告" not in parsed.terms
    html = client.get("/search/?q=行政复议一件").content.decode()
    assert "<mark>一</mark>" not in html and "<mark>件</mark>" not in html
    assert "<mark>行政复议</mark>" in html


def test_the_page_names_the_words_that_found_nothing(client, seed_report, indexed):
    indexed()
    html = client.get("/search/?q=律师+政府").content.decode()
    assert re.search(r'未找到:<span class="missing-word">律师</span>', html)


def test_did_you_mean_by_sound(client, seed_report, indexed):
    indexed()
    for query in ("fuyi", "复意", "行政复意"):
        html = client.get("/search/", {"q": query}).content.decode()
        assert re.search(r"您是不是要找:<a href=\"\?q=([^\"]+)\">行政复议</a>", html), query
    html = client.get("/search/?q=规范姓").content.decode()
    assert "您是不是要找:" in html and ">规范性" in html


def test_searches_that_find_nothing_are_counted_without_the_reader(client, seed_report, indexed):
    indexed()
    client.get("/search/?q=量子计算机", HTTP_USER_AGENT="Mozilla/5.0", REMOTE_ADDR="10.1.2.3")
    from django.core.cache import cache

    cache.clear()  # the page cache would answer a repeat without counting it
    client.get("/search/?q=量子计算机")
    client.get("/search/?q=行政复议")
    assert list(SearchMiss.objects.values_list("query", "count")) == [("量子计算机", 2)]
    assert [f.name for f in SearchMiss._meta.get_fields()] == ["id", "query", "count"]


def test_staff_see_the_misses_beside_the_synonym_table(client, seed_report):
    SearchMiss.objects.create(query="政府律师费", count=7)
    staff = User.objects.create_user("editor", password="x", is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_searchsynonym", "add_searchsynonym", "view_searchmiss"]
        )
    )
    client.force_login(staff)
    html = client.get("/admin/disclosure/searchsynonym/").content.decode()
    assert "政府律师费" in html and "添加为同义词" in html
    add = client.get("/admin/disclosure/searchsynonym/add/?phrases=政府律师费").content.decode()
    assert 'value="政府律师费"' in add
    response = client.post(
        "/admin/disclosure/searchsynonym/add/", {"phrases": "政府律师费", "target": "法律顾问"}
    )
    assert response.status_code == 302
    assert SearchSynonym.objects.filter(phrases="政府律师费", target="法律顾问").exists()
    # a reader of synonyms without the log's permission does not see what was searched
    staff.user_permissions.remove(Permission.objects.get(codename="view_searchmiss"))
    staff = User.objects.get(pk=staff.pk)
    client.force_login(staff)
    assert "政府律师费</td>" not in client.get("/admin/disclosure/searchsynonym/").content.decode()


def test_a_draft_adds_no_words_to_the_dictionary(seed_report, indexed):
    draft = make_report(2031, status="draft")
    make_section(draft, title="测试", body="测试:草稿中的“秘密新词”不得进入词典。")
    indexed()
    assert "秘密新词" not in parse_query("秘密新词").terms
