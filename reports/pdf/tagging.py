"""The PDF's structure tree (PDF/UA-1) as screen readers and veraPDF's rules read it.

WeasyPrint 70 tags the document from its boxes, page by page. For this template that gave
running page numbers as marked content that no structure element owns, three nested Link
elements per contents entry (with the leader dots and the page number as link text), and two
elements for every element a page break splits. ``write_pdf`` here renders with WeasyPrint's
own tagging replaced, so that:

- the running page numbers, and the contents' leader dots and page numbers, are pagination
  artifacts (``/Artifact`` marked content, outside the structure tree);
- each contents entry is one Link element with one link annotation (the annotations that the
  entry's ``::after`` boxes inherit are dropped: the entry's own covers them);
- an element that a page break splits, a paragraph or a section, stays one structure element,
  with its marked content on both pages.

Everything else follows WeasyPrint's tagging (``weasyprint/pdf/tags.py``, BSD licence): the
mapping of HTML elements to structure types, lists, tables and their header cells. Headings
that run in (a measure's lead sentence) are ``display: inline`` heading elements in the
template, which WeasyPrint tags as headings already.
"""

import threading
from collections import defaultdict
from contextlib import contextmanager

import pydyf
import weasyprint.pdf
from weasyprint.formatting_structure import boxes
from weasyprint.layout.absolute import AbsolutePlaceholder
from weasyprint.pdf.stream import Stream
from weasyprint.pdf.tags import _get_pdf_tag

PAGE_FURNITURE = "a::after"  # what the contents' entries add: leader dots and page number


def is_artifact_text(box) -> bool:
    """Running page numbers (margin boxes have no element) and the contents' furniture."""
    return box.element is None or box.element_tag == PAGE_FURNITURE


@contextmanager
def _marked(self, box, tag):
    """Stream.marked: page furniture is an artifact and gets no marked-content id."""
    if self._tags is not None and isinstance(box, boxes.TextBox) and is_artifact_text(box):
        pydyf.Stream.begin_marked_content(
            self, "Artifact", pydyf.Dictionary({"Type": "/Pagination"})
        )
        try:
            yield
        finally:
            pydyf.Stream.end_marked_content(self)
        return
    with _weasyprint_marked(self, box, tag):
        yield


class _TreeBuilder:
    """Builds the structure tree page by page, continuing elements split by page breaks."""

    def __init__(self, pdf, document_element):
        self.pdf = pdf
        self.document_element = document_element
        kids = pdf.pages["Kids"]
        self.page_numbers = [kids[index] for index in range(0, len(kids), 3)]
        self.page_references = [f"{number} 0 R".encode("ascii") for number in self.page_numbers]
        self.elements: dict[tuple, pydyf.Dictionary] = {}
        self.annotations = []

    def new_element(self, tag, parent, page_number):
        element = pydyf.Dictionary(
            {
                "Type": "/StructElem",
                "S": f"/{tag}",
                "K": pydyf.Array([]),
                "Pg": self.page_references[page_number],
                "P": parent.reference,
            }
        )
        self.pdf.add_object(element)
        element.page_number = page_number
        return element

    def element_for(self, box, tag, parent, page_number):
        """The element of ``box``: the one its element already has under ``parent`` when a
        page break split it, else a new one. Returns (element, is_new)."""
        if box.element is None:
            return self.new_element(tag, parent, page_number), True
        key = (id(box.element), box.element_tag, tag, id(parent))
        if key in self.elements:
            return self.elements[key], False
        self.elements[key] = self.new_element(tag, parent, page_number)
        return self.elements[key], True

    def drop_annotations(self, box, page_number):
        """Remove the link annotations of ``box`` and its descendants from the page."""
        doomed = set()

        def collect(item):
            if item.link_annotation:
                doomed.add(item.link_annotation.reference)
            for child in getattr(item, "children", ()):
                collect(child)

        collect(box)
        if not doomed:
            return
        page = self.pdf.objects[self.page_numbers[page_number]]
        kept = [reference for reference in page.get("Annots", ()) if reference not in doomed]
        if kept:
            page["Annots"] = pydyf.Array(kept)
        else:
            page.pop("Annots", None)

    def add_annotation(self, element, annotation, page_number):
        reference = pydyf.Dictionary(
            {
                "Type": "/OBJR",
                "Obj": annotation.reference,
                "Pg": self.page_references[page_number],
            }
        )
        self.pdf.add_object(reference)
        self.annotations.append((element.reference, annotation))
        element["K"].append(reference.reference)

    def marked_content(self, element, mcid, page_number):
        """An MCID kid, as an MCR when the element starts on another page."""
        if element.page_number == page_number:
            return mcid
        return pydyf.Dictionary(
            {"Type": "/MCR", "Pg": self.page_references[page_number], "MCID": mcid}
        )

    def build_page(self, page_box, page_number, tags):
        nums = {}
        for element in self.build(page_box, self.document_element, page_number, nums, tags):
            self.document_element["K"].append(element.reference)
        return [reference for _, reference in sorted(nums.items())]

    def build(self, box, parent, page_number, nums, tags):
        """Yield the new structure elements that ``box`` adds under ``parent``."""
        if isinstance(box, AbsolutePlaceholder):
            box = box._box
        element_tag = None if box.element is None else box.element_tag
        tag = _get_pdf_tag(element_tag)

        if element_tag in ("html", "body") or isinstance(box, boxes.PageBox):
            if isinstance(box, boxes.ParentBox) and not isinstance(box, boxes.LineBox):
                for child in box.children:
                    yield from self.build(child, parent, page_number, nums, tags)
            return
        if isinstance(box, boxes.MarginBox) or element_tag == PAGE_FURNITURE:
            if element_tag == PAGE_FURNITURE:
                self.drop_annotations(box, page_number)
            return
        if tag in ("TD", "TH") and parent["S"] in ("/TD", "/TH"):
            tag = "NonStruct"  # anonymous blocks of table cells
        elif tag == "LI":
            if parent["S"] == "/LI":
                tag = "LBody"
            elif parent["S"] == "/LBody":
                tag = "NonStruct"
            elif box.element_tag == "li" and (
                "list-item" not in box.style["display"] or box.style["list_style_type"] == "none"
            ):
                item, new_item = self.element_for(box, "LI", parent, page_number)
                body, new_body = self.element_for(box, "LBody", item, page_number)
                if new_body:
                    item["K"].append(body.reference)
                self.fill(box, body, page_number, nums, tags)
                if new_item:
                    yield item
                return

        element, new = self.element_for(box, tag, parent, page_number)
        if tag in ("TH", "TD"):
            if new:
                element["A"] = pydyf.Dictionary({"O": "/Table"})
                if box.colspan != 1:
                    element["A"]["ColSpan"] = box.colspan
                if box.rowspan != 1:
                    element["A"]["RowSpan"] = box.rowspan
            box.mark = element
        elif tag == "Table" and box.is_table_wrapper:
            wrapper, table = box, box.get_wrapped_table()
            if table:
                box = table.copy_with_children([])
                for child in wrapper.children:
                    box.children.extend(child.children if child is table else [child])
        if box.link_annotation:
            self.add_annotation(element, box.link_annotation, page_number)
        self.fill(box, element, page_number, nums, tags)
        if tag == "Table":
            self.link_table_headers(box, element)
        if new:
            yield element

    def fill(self, box, element, page_number, nums, tags):
        for child in box.children:
            children = child.children if isinstance(child, boxes.LineBox) else [child]
            for child in children:
                if isinstance(child, boxes.TextBox):
                    if child in tags:  # artifacts have no marked-content id
                        self.add_text(element, tags.pop(child), page_number, nums)
                    continue
                parent = element
                if child.element_tag in ("ul", "ol") and element["S"] == "/LI":
                    parent = self.elements_parent(element)
                index = len(parent["K"])
                new = list(self.build(child, parent, page_number, nums, tags))
                parent["K"][index:index] = [item.reference for item in new]
        if isinstance(box, boxes.ReplacedBox):
            kid = tags.pop(box)
            element["K"].append(self.marked_content(element, kid["mcid"], page_number))
            nums[kid["mcid"]] = element.reference

    def elements_parent(self, element):
        reference = element["P"]
        number = int(reference.split()[0])
        return self.pdf.objects[number]

    def add_text(self, element, kid, page_number, nums):
        if element["S"] == "/Link":
            element["K"].append(self.marked_content(element, kid["mcid"], page_number))
            nums[kid["mcid"]] = element.reference
            return
        text = self.new_element(kid["tag"], element, page_number)
        text["K"].append(kid["mcid"])
        element["K"].append(text.reference)
        nums[kid["mcid"]] = text.reference

    @staticmethod
    def link_table_headers(box, element):
        """TD elements name their TH (scope row or column); the template spans no cells."""

        def rows(table_box):
            for child in table_box.children:
                yield from [child] if child.element_tag == "tr" else rows(child)

        row_headers, column_headers = defaultdict(list), defaultdict(list)
        all_rows = tuple(rows(box))
        for i, row in enumerate(all_rows):
            for j, cell in enumerate(row.children):
                if cell.element is not None and cell.element_tag == "th":
                    key = pydyf.String(f"{element.number}-{i}-{j}")
                    cell.mark["ID"] = key
                    if cell.element.attrib.get("scope") == "row":
                        row_headers[i].append(key)
                    else:
                        column_headers[j].append(key)
        for i, row in enumerate(all_rows):
            for j, cell in enumerate(row.children):
                if cell.element is not None and cell.element_tag == "td":
                    cell.mark["A"]["Headers"] = pydyf.Array(row_headers[i] + column_headers[j])


def add_tags(pdf, document, pdf_version, page_streams):
    """weasyprint.pdf.add_tags for PDF/UA-1 (PDF 1.7), with the changes the module names."""
    parent_tree = pydyf.Dictionary({})
    pdf.add_object(parent_tree)
    root = pydyf.Dictionary({"Type": "/StructTreeRoot", "ParentTree": parent_tree.reference})
    pdf.add_object(root)
    document_element = pydyf.Dictionary(
        {"Type": "/StructElem", "S": "/Document", "K": pydyf.Array(), "P": root.reference}
    )
    pdf.add_object(document_element)
    root["K"] = pydyf.Array([document_element.reference])
    pdf.catalog["StructTreeRoot"] = root.reference

    builder = _TreeBuilder(pdf, document_element)
    parent_tree["Nums"] = pydyf.Array()
    for page_number, (page, stream) in enumerate(zip(document.pages, page_streams, strict=True)):
        parent_tree["Nums"].append(page_number)
        parent_tree["Nums"].append(
            pydyf.Array(builder.build_page(page._page_box, page_number, stream._tags))
        )
        assert not stream._tags, "marked content without a structure element"
    for number, (reference, annotation) in enumerate(builder.annotations, len(document.pages)):
        parent_tree["Nums"].append(number)
        parent_tree["Nums"].append(reference)
        annotation["StructParent"] = number

    pdf.catalog["ViewerPreferences"] = pydyf.Dictionary({"DisplayDocTitle": "true"})
    pdf.catalog["MarkInfo"] = pydyf.Dictionary({"Marked": "true"})


_weasyprint_marked = Stream.marked
_installed = threading.Lock()


def install() -> bool:
    """Replace WeasyPrint's tagging with this module's; False if WeasyPrint no longer has the
    functions replaced (then its own tagging stays, and the PDF/UA tests say so)."""
    with _installed:
        if getattr(weasyprint.pdf, "add_tags", None) is add_tags:
            return True
        if not hasattr(weasyprint.pdf, "add_tags") or not hasattr(Stream, "marked"):
            return False
        Stream.marked = _marked
        weasyprint.pdf.add_tags = add_tags
    return True
