"""The seed PDF's structure as a screen reader, and veraPDF's PDF/UA-1 rules, read it.

veraPDF is not installable here; these are its rules that can be checked with pypdf: list and
table structure (7.2-17 to 7.2-21 of its rule set), content either tagged or an artifact
(7.1-1 to 7.1-3), headings (7.4.2-1), links (7.18.5), and page furniture as artifacts.
"""

import re
from collections import Counter
from functools import cache

import pytest

from .conftest import PAGE_NUMBER, squeeze
from .embedded_fonts import text_runs

pytestmark = pytest.mark.django_db

ALLOWED_CHILDREN = {
    "/L": {"/LI", "/L", "/Caption"},
    "/LI": {"/Lbl", "/LBody"},
    "/Table": {"/TR", "/THead", "/TBody", "/TFoot", "/Caption"},
    "/THead": {"/TR"},
    "/TBody": {"/TR"},
    "/TFoot": {"/TR"},
    "/TR": {"/TH", "/TD"},
}
REQUIRED_PARENT = {
    "/LI": {"/L"},
    "/LBody": {"/LI"},
    "/TR": {"/Table", "/THead", "/TBody", "/TFoot"},
    "/TH": {"/TR"},
    "/TD": {"/TR"},
}


class Element:
    def __init__(self, dictionary, parent, reader):
        self.tag = str(dictionary["/S"])
        self.parent = parent
        self.page = dictionary.get("/Pg")
        self.children: list[Element] = []
        self.content: list[tuple[object, int]] = []  # (page reference, MCID)
        self.annotations = 0
        kids = dictionary.get("/K", [])
        kids = kids if isinstance(kids, list) else [kids]
        for kid in kids:
            kid_object = kid.get_object()
            if isinstance(kid_object, int):
                self.content.append((self.page, kid_object))
            elif kid_object.get("/Type") == "/MCR":
                self.content.append((kid_object["/Pg"], int(kid_object["/MCID"])))
            elif kid_object.get("/Type") == "/OBJR":
                self.annotations += 1
            else:
                self.children.append(Element(kid_object, self, reader))

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def all_content(self):
        for element in self.walk():
            yield from element.content


@cache
def structure(seed_pdf):
    root = seed_pdf.reader.trailer["/Root"]["/StructTreeRoot"]
    kids = root["/K"]
    kids = kids if isinstance(kids, list) else [kids]
    assert len(kids) == 1
    return Element(kids[0].get_object(), None, seed_pdf.reader)


@cache
def runs(seed_pdf):
    return text_runs(seed_pdf.content)


def page_index(seed_pdf, reference) -> int:
    numbers = [page.indirect_reference.idnum for page in seed_pdf.reader.pages]
    return numbers.index(reference.get_object().indirect_reference.idnum)


def element_text(seed_pdf, element) -> str:
    by_id = {(run.page, run.mcid): run.text for run in runs(seed_pdf) if run.mcid is not None}
    return "".join(
        by_id.get((page_index(seed_pdf, page), mcid), "") for page, mcid in element.all_content()
    )


def test_every_text_is_tagged_content_or_an_artifact_and_every_tag_is_in_the_tree(seed_pdf):
    tree = structure(seed_pdf)
    referenced = Counter((page_index(seed_pdf, page), mcid) for page, mcid in tree.all_content())
    assert max(referenced.values()) == 1, "marked content owned by two elements"
    shown = set()
    for run in runs(seed_pdf):
        if not run.text.strip():
            continue
        assert run.mcid is not None or run.artifact is not None, f"untagged: {run.text!r}"
        if run.artifact is None:
            shown.add((run.page, run.mcid))
    assert shown <= set(referenced), "tagged content that no structure element owns"


def test_lists_and_tables_have_the_structure_pdf_ua_requires(seed_pdf):
    for element in structure(seed_pdf).walk():
        allowed = ALLOWED_CHILDREN.get(element.tag)
        if allowed:
            wrong = {child.tag for child in element.children} - allowed
            assert not wrong, f"{element.tag} holds {wrong}"
        required = REQUIRED_PARENT.get(element.tag)
        if required:
            assert element.parent.tag in required, f"{element.tag} in {element.parent.tag}"
    tags = Counter(element.tag for element in structure(seed_pdf).walk())
    assert tags["/Table"] == 2, "key figures and the publication block are tables"
    assert tags["/LI"] >= 10, "the contents is a list"


def test_running_page_numbers_are_pagination_artifacts(seed_pdf):
    numbers = [run for run in runs(seed_pdf) if PAGE_NUMBER.fullmatch(run.text.strip())]
    assert len(numbers) >= 10
    for run in numbers:
        assert run.artifact is not None and run.artifact.get("/Type") == "/Pagination", run


def test_each_contents_entry_is_one_link_without_its_leader_and_page_number(seed_pdf):
    contents_page = 1
    links = [
        element
        for element in structure(seed_pdf).walk()
        if element.tag == "/Link"
        and any(page_index(seed_pdf, page) == contents_page for page, _ in element.content)
    ]
    assert len(links) == 10  # 主要指标, eight chapters, 发布信息
    for link in links:
        assert link.annotations == 1
        assert not link.children, "a link nested in a link"
        text = element_text(seed_pdf, link)
        assert text and not re.search(r"[.…·]{2,}|\d+$", text), text
    annotations = seed_pdf.reader.pages[contents_page]["/Annots"]
    assert len(annotations) == 10, "one link annotation per entry"
    furniture = [
        run.text
        for run in runs(seed_pdf)
        if run.page == contents_page and run.artifact is not None and run.text.strip()
    ]
    assert "".join(furniture).count(".") > 100, "the leader dots are artifacts"


def test_measure_headings_are_headings_of_their_level_and_the_title_is_the_one_h1(seed_pdf):
    headings = [
        (element.tag, squeeze(element_text(seed_pdf, element)))
        for element in structure(seed_pdf).walk()
        if re.fullmatch(r"/H[1-6]", element.tag)
    ]
    assert headings[0] == ("/H1", "五常市2017年度法治政府建设情况报告")
    assert [tag for tag, _ in headings].count("/H1") == 1
    chapters = [
        text for tag, text in headings if tag == "/H2" and re.match("^[一二三四五六七八]、", text)
    ]
    assert len(chapters) == 8
    measures = [text for tag, text in headings if tag == "/H3"]
    deeper = [text for tag, text in headings if tag in ("/H4", "/H5")]
    assert len(measures) == 32, measures
    assert all(re.match(r"^\d+\.", text) for text in measures), measures
    assert any(text.startswith("一是") for text in deeper), deeper


def test_a_paragraph_split_by_a_page_break_is_one_element(seed_pdf):
    split = [
        element
        for element in structure(seed_pdf).walk()
        if element.tag in ("/P", "/Div")
        and len({page_index(seed_pdf, page) for page, _ in element.all_content()}) > 1
    ]
    assert split, "no paragraph of the seed crosses a page break any more: pick another check"
