"""Images that fit: resized renditions of uploads, and the markup that lets browsers pick.

Renditions are made by sorl-thumbnail (Pillow underneath) once, when an image is
uploaded or first used in a saved post, on whatever storage holds the media (only the
storage API is used, so S3 works as the disk does); its key-value store remembers what
exists and how big it is, so using an image again costs a cache lookup, not a resize.
Each image gets WebP renditions and renditions in its own format (JPEG, PNG) at
WIDTHS, never wider than the original. GIFs are left as they are: their animation would
not survive.

The markup is written when a post is saved (`responsive_images`, on the sanitised body)
or a template renders a stored rendition set (`picture`): a <picture> with a WebP
<source>, an <img> with srcset/sizes, explicit width and height (the page does not jump
as images load) and, below the fold, loading="lazy". The sanitiser removes all of it,
so the editor always gets the text as written and the next save writes it afresh.
"""

import os
from html.parser import HTMLParser
from urllib.parse import unquote

from django.core.files.storage import default_storage
from django.utils.html import format_html, format_html_join
from sorl.thumbnail import default as sorl
from sorl.thumbnail import get_thumbnail
from sorl.thumbnail.engines.pil_engine import ANTIALIAS, Engine
from sorl.thumbnail.images import ImageFile, source_cache

WIDTHS = (480, 800, 1200, 1600)
# Portraits are shown at most 96 CSS pixels wide: these serve screens of 1 to 2 dppx.
SQUARE_SIZES = (96, 192)
WEBP_QUALITY = 80
# Pillow format (from the stored file's extension: uploads are named after their real
# format, campaign4change/uploads.py) -> the formats of its renditions.
RENDITION_FORMATS = {"jpg": ("WEBP", "JPEG"), "jpeg": ("WEBP", "JPEG"), "png": ("WEBP", "PNG")}
RENDITION_FORMATS["webp"] = ("WEBP",)
MIME_TYPES = {"WEBP": "image/webp", "JPEG": "image/jpeg", "PNG": "image/png"}
# The post column (css/site.css: --measure 42rem less the 1.25rem padding each side), and
# floated images (.image-left/.image-right) take at most half of it.
COLUMN, COLUMN_VIEWPORT = "39.5rem", "calc(100vw - 2.5rem)"
FLOATED = ("image-left", "image-right")


class DraftingEngine(Engine):
    """sorl-thumbnail's Pillow engine, decoding big JPEGs at a reduced scale.

    A JPEG can be decoded at 1/2, 1/4 or 1/8 of its size for little more than the cost
    of reading it (Pillow's draft mode): a 50-megapixel photo made into a 1600-pixel
    rendition is decoded at 1/4, some 9 MB of pixels instead of 150 MB."""

    def create(self, image, geometry, options):
        if getattr(image, "format", None) == "JPEG":
            width, height = geometry
            if self.flip_dimensions(image, options=options):
                width, height = height, width
            image.draft(image.mode, (width, height))
        return super().create(image, geometry, options)

    def _colorspace(self, image, colorspace, format):
        # sorl converts even an RGB image to RGB: a copy of every pixel, for nothing.
        if colorspace == "RGB" and image.mode == "RGB":
            return image
        return super()._colorspace(image, colorspace, format)

    def _scale(self, image, width, height):
        # Halve by whole factors first (fast, exact enough), then resample what is left.
        return image.resize((width, height), resample=ANTIALIAS, reducing_gap=3.0)


def rendition_set(name):
    """{"width", "height", "sources": [[mime type, [[storage name, width], ...]], ...]} for
    the image stored as `name`, its own format last (renditions made now if they do not
    exist yet); {} for a GIF, or a file that is missing or not an image."""
    formats = RENDITION_FORMATS.get(os.path.splitext(name)[1].lower().lstrip("."), ())
    if not formats:
        return {}
    with source_cache():  # the original is read from the storage once, not per rendition
        try:
            width, height = sorl.kvstore.get_or_set(ImageFile(name, default_storage)).size
            widths = [w for w in WIDTHS if w < width] + ([width] if width < WIDTHS[-1] else [])
            made = {image_format: {} for image_format in formats}
            own_format, source = formats[-1], name
            if own_format != "JPEG":
                # Only JPEGs decode at a reduced scale: decode any other original once,
                # for its widest rendition, and make the others from that one.
                made[own_format][widths[-1]] = rendition(name, widths[-1], own_format)
                source = made[own_format][widths[-1]].name
            for image_format in formats:
                for w in widths:
                    if w not in made[image_format]:
                        made[image_format][w] = rendition(source, w, image_format)
        except (OSError, ValueError, SyntaxError):
            return {}
    sources = [
        [
            MIME_TYPES[image_format],
            [[made[image_format][w].name, made[image_format][w].width] for w in widths],
        ]
        for image_format in formats
    ]
    return {"width": width, "height": height, "sources": sources}


def rendition(name, width, image_format, **options):
    """The rendition of `name` `width` pixels wide (at most its own width) in that format
    (or, with sorl's `crop`, a `width` x `width` square cut from it)."""
    options = {"format": image_format, "upscale": False, **options}
    if image_format == "WEBP":
        options["quality"] = WEBP_QUALITY
    geometry = f"{width}x{width}" if "crop" in options else str(width)
    return get_thumbnail(name, geometry, **options)


def square_set(name, sizes=SQUARE_SIZES):
    """A rendition set (as `rendition_set` gives) of squares cut from the middle of the
    image stored as `name`, `sizes` pixels wide at most: portraits in bylines and on
    author pages, made once when the photo is saved. {} if it is not an image."""
    formats = RENDITION_FORMATS.get(os.path.splitext(name)[1].lower().lstrip("."), ())
    if not formats:
        return {}
    sources = []
    with source_cache():
        try:
            for image_format in formats:
                made = {}
                for size in sizes:
                    square = rendition(name, size, image_format, crop="center")
                    made.setdefault(square.width, square.name)  # a small photo: one size
                sources.append([MIME_TYPES[image_format], [[n, w] for w, n in made.items()]])
        except (OSError, ValueError, SyntaxError):
            return {}
    widest = sources[-1][1][-1][1]
    return {"width": widest, "height": widest, "sources": sources}


def srcset(names_and_widths):
    return ", ".join(f"{default_storage.url(name)} {width}w" for name, width in names_and_widths)


def sizes_for(width=None, floated=False):
    """The sizes attribute: the column's width (half of it when floated), or the image's
    own width if that is narrower."""
    column, viewport = ("19.75rem", "50vw") if floated else (COLUMN, COLUMN_VIEWPORT)
    if width:
        column, viewport = f"min({width}px, {column})", f"min({width}px, {viewport})"
    return f"(min-width: 42rem) {column}, {viewport}"


def picture(
    rendition_set, alt, *, src=None, width=None, height=None, lazy=True, attrs=None, sizes=None
):
    """The <picture> for a stored rendition set: a <source> per format but the last,
    whose renditions the <img> lists (its src is `src`, or the largest of them).

    `sizes` is how wide the layout shows it (default: the post column); `width` and
    `height` are what the <img> says (default: the original's), so that the browser
    reserves its box before it arrives."""
    if not rendition_set or not rendition_set.get("sources"):
        return ""
    *sources, (_, fallback) = rendition_set["sources"]
    width = width or rendition_set["width"]
    height = height or rendition_set["height"]
    attrs = attrs or {}
    if sizes is None:
        sizes = sizes_for(width if width < rendition_set["width"] else None, _floated(attrs))
    img_attrs = {
        "src": src or default_storage.url(fallback[-1][0]),
        "srcset": srcset(fallback),
        "sizes": sizes,
        **attrs,
        "alt": alt,
        "width": width,
        "height": height,
        "decoding": "async",
    }
    if lazy:
        # (Not fetchpriority for the others: the HTML checker in the tests rejects it.)
        img_attrs["loading"] = "lazy"
    return format_html(
        "<picture>{}<img{}></picture>",
        format_html_join(
            "",
            '<source type="{}" srcset="{}" sizes="{}">',
            ((mime_type, srcset(made), sizes) for mime_type, made in sources),
        ),
        _attributes(img_attrs),
    )


def _floated(attrs):
    return any(name in FLOATED for name in attrs.get("class", "").split())


def _attributes(attrs):
    return format_html_join("", ' {}="{}"', ((name, value) for name, value in attrs.items()))


class _Images(HTMLParser):
    """Finds each <img> start tag: its attributes and where it is in the text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.found.append((self.getpos(), self.get_starttag_text(), dict(attrs)))

    handle_startendtag = handle_starttag


def responsive_images(html):
    """Sanitised `html` with each image stored on this site's media storage made a
    <picture> of its renditions (made now if need be). Nothing else changes."""
    if "<img" not in (html or ""):
        return html
    media_url = default_storage.url("")
    parser = _Images()
    parser.feed(html)
    parser.close()
    lines = html.splitlines(keepends=True)
    line_starts = [0]
    for line in lines:
        line_starts.append(line_starts[-1] + len(line))
    pieces, done = [], 0
    for (line, column), tag, attrs in parser.found:
        src = attrs.get("src") or ""
        if not src.startswith(media_url):
            continue
        found = rendition_set(unquote(src[len(media_url) :]))
        if not found:
            continue
        start = line_starts[line - 1] + column
        pieces += [html[done:start], _body_picture(found, attrs)]
        done = start + len(tag)
    return "".join([*pieces, html[done:]])


def _body_picture(found, attrs):
    width, height = _number(attrs.get("width")), _number(attrs.get("height"))
    if not (width and height):
        # Explicit dimensions (no layout shift): the original's, unless the editor set both.
        width, height = found["width"], found["height"]
    kept = {name: attrs[name] for name in ("class", "title") if attrs.get(name)}
    return picture(
        found, attrs.get("alt", ""), src=attrs["src"], width=width, height=height, attrs=kept
    )


def _number(value):
    return int(value) if value and value.isdigit() and 0 < int(value) < 100_000 else None
