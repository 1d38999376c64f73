"""PDF streams compressed at zlib's default level instead of pydyf's level 9.

pydyf (WeasyPrint's PDF writer) compresses every stream with ``zlib.compressobj(level=9)`` and
has no setting for it. For the seed report that is 44 ms of a 360 ms rendering, mostly on the
embedded font subsets, for a file 1 % smaller than at zlib's default level 6 (17 ms, 358 KB
instead of 355 KB; measured with scripts/bench_pdf.py and a per-phase timer). So pydyf's module
is given a zlib whose ``compressobj`` uses the default level; everything else is zlib itself.
"""

import zlib

import pydyf


class _DefaultLevelZlib:
    def __getattr__(self, name):
        return getattr(zlib, name)

    @staticmethod
    def compressobj(level=zlib.Z_DEFAULT_COMPRESSION, *args, **kwargs):
        return zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, *args, **kwargs)


def use_default_compression_level() -> bool:
    """Applied once on import of the renderer; False when pydyf no longer works this way."""
    if getattr(pydyf, "zlib", None) is zlib:
        pydyf.zlib = _DefaultLevelZlib()
    return isinstance(getattr(pydyf, "zlib", None), _DefaultLevelZlib)
