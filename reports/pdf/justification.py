"""Justified Chinese text: every line but a paragraph's last ends flush with the text block.

WeasyPrint 70 justifies a line by widening its spaces only (``layout/inline.justify_line``,
which has a TODO for the other algorithms of CSS Text 3), and Chinese text has no spaces: a
line that ends a fraction of a character short (a half-width digit or Latin letter, a line
break that keeps ,。 off a line's start) stays short. CSS Text 3 justifies CJK text between
characters (``text-justify: inter-character``, the ``auto`` behaviour for Chinese), which
WeasyPrint does not implement. ``install`` gives WeasyPrint that behaviour for lines in a
``lang="zh…"`` element: the remaining width is shared out as extra letter spacing over every
character of the line, so that its last glyph ends at the right edge. Other lines are
justified by WeasyPrint as before.
"""

import threading

from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline
from weasyprint.text import line_break
from weasyprint.text.ffi import TO_UNITS, ffi, pango

_installed = threading.Lock()
_weasyprint_justify_line = inline.justify_line
_weasyprint_set_text = line_break.Layout.set_text


def _is_chinese(box) -> bool:
    return str(box.style["lang"] or "").lower().startswith("zh")


def _text_boxes(box):
    if isinstance(box, boxes.TextBox):
        yield box
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        for child in box.children:
            if child.is_in_normal_flow():
                yield from _text_boxes(child)


def _has_atomic_inline(box) -> bool:
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        return any(_has_atomic_inline(child) for child in box.children)
    return not isinstance(box, boxes.TextBox)


def justify_line(context, line, extra_width):
    """Share ``extra_width`` out between the characters of a Chinese line."""
    if not _is_chinese(line) or extra_width <= 0 or _has_atomic_inline(line):
        return _weasyprint_justify_line(context, line, extra_width)
    characters = sum(len(box.text) for box in _text_boxes(line))
    if characters < 2:
        return None
    # Letter spacing follows every character, the line's last one too (beyond the edge, where
    # it is not seen): the other characters - 1 gaps take the whole extra width.
    _add_letter_spacing(line, extra_width / (characters - 1), 0)
    return None


def _add_letter_spacing(box, spacing, x_advance):
    if isinstance(box, boxes.TextBox):
        box.position_x += x_advance
        box.justification_spacing = spacing
        box.pango_layout = _deactivated_layout(box.text, spacing, box.pango_layout)
        extra = spacing * len(box.text)
        box.width += extra
        return x_advance + extra
    box.position_x += x_advance
    before = x_advance
    for child in box.children:
        if child.is_in_normal_flow():
            x_advance = _add_letter_spacing(child, spacing, x_advance)
    box.width += x_advance - before
    return x_advance


def _deactivated_layout(text, spacing, laid_out):
    """A Pango layout of ``text`` to be justified between characters, as WeasyPrint keeps one
    between layout and drawing: deactivated, holding only what ``reactivate`` needs. Drawing
    makes the Pango objects (and applies the spacing, in ``set_text``), so making them here as
    well, as WeasyPrint's own justification does, would only be thrown away."""
    layout = line_break.Layout.__new__(line_break.Layout)
    layout.text = text
    layout.justification_spacing = spacing
    layout.max_width = None
    layout.first_line_direction = getattr(laid_out, "first_line_direction", 0)
    layout.inter_character = True
    return layout


def set_text(self, text, justify=False):
    """Layout.set_text; a layout justified between characters gets the extra letter spacing."""
    _weasyprint_set_text(self, text, justify)
    if not (justify and getattr(self, "inter_character", False) and self.text):
        return
    letter_spacing = self.style["letter_spacing"]
    if letter_spacing == "normal":
        letter_spacing = 0
    spacing = int((letter_spacing + self.justification_spacing) * TO_UNITS)
    attributes = pango.pango_layout_get_attributes(self.layout)
    if attributes == ffi.NULL:
        attributes = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
    attribute = pango.pango_attr_letter_spacing_new(spacing)
    attribute.start_index, attribute.end_index = 0, len(self.text.encode())
    pango.pango_attr_list_change(attributes, attribute)  # replaces the word spacing too
    pango.pango_layout_set_attributes(self.layout, attributes)


def install() -> bool:
    """Justify Chinese lines between characters; False if WeasyPrint changed what is replaced."""
    with _installed:
        if inline.justify_line is justify_line:
            return True
        if not hasattr(inline, "justify_line") or not hasattr(line_break.Layout, "set_text"):
            return False
        inline.justify_line = justify_line
        line_break.Layout.set_text = set_text
    return True
