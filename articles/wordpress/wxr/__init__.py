"""Reading WordPress eXtended RSS (WXR 1.0, 1.1 and 1.2): the export file WordPress writes.

`reader` reads the file as a stream and safely, `records` holds what it yields, and
`names` reads element names as WordPress means them, whatever prefixes a file binds.
"""

from articles.wordpress.wxr.reader import CleanReader, WXRReader
from articles.wordpress.wxr.records import Site, WPAuthor, WPCategory, WPItem, WPTerm, WXRError

__all__ = [
    "CleanReader",
    "Site",
    "WPAuthor",
    "WPCategory",
    "WPItem",
    "WPTerm",
    "WXRError",
    "WXRReader",
]
