"""Font subsets made once per face and set of glyphs, not once per rendering.

WeasyPrint 70 cuts every embedded face down to the glyphs a PDF uses with HarfBuzz
(``pdf.fonts.Font.subset``), in every rendering: for the seed's five prepared faces (5 MB of
FandolFang and FandolKai outlines among them) that is 60–80 ms of each new version. A new
version of a report mostly prints the same characters as the one before (a corrected figure, a
reworded sentence), so most of its faces need exactly the subset made last time. ``install``
keeps the last subsets of each face and hands them out again when the same glyphs are asked for.

A face is known by its HarfBuzz face, which lives as long as the font configuration that
loaded it: ``forget`` is called whenever the renderer makes a new configuration.
"""

import threading
from collections import OrderedDict

from weasyprint.pdf import fonts
from weasyprint.text.ffi import ffi

SUBSETS_KEPT = 24

_installed = threading.Lock()
_weasyprint_subset = fonts.Font.subset
_subsets: OrderedDict[tuple, bytes] = OrderedDict()
statistics = {"made": 0, "reused": 0}


def _key(font, to_unicode, hinting) -> tuple:
    return (
        int(ffi.cast("uintptr_t", font.hb_face)),
        font.hash,
        len(font.file_content),
        tuple(sorted(to_unicode)),
        bool(hinting),
        tuple(sorted(font.missing.items())),
    )


def subset(self, to_unicode, hinting):
    """Font.subset; the same face and glyphs as a recent rendering get that rendering's subset."""
    if not to_unicode:
        return _weasyprint_subset(self, to_unicode, hinting)
    key = _key(self, to_unicode, hinting)
    kept = _subsets.get(key)
    if kept is not None:
        _subsets.move_to_end(key)
        self.file_content = kept
        statistics["reused"] += 1
        return None
    _weasyprint_subset(self, to_unicode, hinting)
    _subsets[key] = self.file_content
    statistics["made"] += 1
    while len(_subsets) > SUBSETS_KEPT:
        _subsets.popitem(last=False)
    return None


def forget() -> None:
    """Drop every kept subset (the faces they were made from are about to be released)."""
    _subsets.clear()


def install() -> bool:
    """Reuse subsets from now on; False if WeasyPrint no longer subsets in Font.subset."""
    with _installed:
        if fonts.Font.subset is subset:
            return True
        if not hasattr(fonts.Font, "subset"):
            return False
        fonts.Font.subset = subset
    return True
