"""Pictures for the demo site, drawn with Pillow when it is loaded: free of any rights.

Each post gets an abstract, geometric editorial illustration and each author a portrait
card with their initials. Both are deterministic (the same slug always gives the same
picture, so loading the demo again changes nothing) and come with words: the alt text
says what was drawn, the credit who drew it.
"""

import hashlib
import io
import random

from PIL import Image, ImageDraw, ImageFont

CREDIT = "Illustration: Campaign4Change"
WIDTH, HEIGHT = 1600, 900
AVATAR = 400
SCALE = 2  # drawn at twice the size, then reduced: smooth edges without antialiasing

# Palettes (name, colour): a background, then colours for shapes. Muted, print-like
# inks that read well in light and dark pages alike.
PALETTES = [
    [
        ("cream", "#f1e9da"),
        ("navy", "#1d3557"),
        ("vermilion", "#e4572e"),
        ("teal", "#2a9d8f"),
        ("ochre", "#e9c46a"),
    ],
    [
        ("navy", "#14213d"),
        ("amber", "#fca311"),
        ("pale grey", "#e5e5e5"),
        ("blue", "#3d5a80"),
        ("coral", "#ee6c4d"),
    ],
    [
        ("sage", "#dde5d0"),
        ("forest green", "#2d6a4f"),
        ("plum", "#6d2e46"),
        ("mustard", "#d4a017"),
        ("charcoal", "#2b2d42"),
    ],
    [
        ("pale blue", "#dbe7f0"),
        ("cobalt", "#1f4e99"),
        ("tomato", "#d1495b"),
        ("gold", "#edae49"),
        ("ink", "#00303d"),
    ],
    [
        ("charcoal", "#22223b"),
        ("lavender", "#9a8c98"),
        ("rose", "#c9ada7"),
        ("cream", "#f2e9e4"),
        ("teal", "#3a7d7c"),
    ],
    [
        ("sand", "#efe0c8"),
        ("rust", "#b5452a"),
        ("slate", "#3c4f5f"),
        ("olive", "#7a8b3c"),
        ("black", "#1a1a1a"),
    ],
]


def _rng(*seed):
    digest = hashlib.sha256("\x1f".join(seed).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))  # noqa: S311 - pictures, not secrets


def _a(word):
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


def _palette(rng, theme):
    # The theme (a post's main tag) picks the palette, so a section keeps its colours.
    return PALETTES[_rng(theme).randrange(len(PALETTES))] if theme else rng.choice(PALETTES)


def _circles(draw, rng, colours, w, h):
    big = rng.choice(colours)
    r = rng.randint(h // 3, h // 2)
    cx, cy = rng.randint(w // 4, 3 * w // 4), rng.randint(h // 3, 2 * h // 3)
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=big[1])
    other = rng.choice([c for c in colours if c != big])
    r2 = r * rng.uniform(0.35, 0.6)
    ox = cx + rng.choice((-1, 1)) * r * 0.9
    draw.ellipse((ox - r2, cy - r2 - r * 0.4, ox + r2, cy + r2 - r * 0.4), fill=other[1])
    third = rng.choice(colours)
    for i in range(rng.randint(3, 6)):
        y = h * (0.15 + 0.12 * i)
        draw.line((w * 0.05, y, w * 0.3, y), fill=third[1], width=max(4, h // 90))
    return f"a large {big[0]} circle eclipsed by a smaller {other[0]} one, beside {third[0]} lines"


def _bands(draw, rng, colours, w, h):
    first, second = rng.sample(colours, 2)
    step = rng.randint(w // 12, w // 7)
    for i, x in enumerate(range(-h, w + h, step)):
        colour = first if i % 2 else second
        draw.polygon([(x, h), (x + step / 2, h), (x + step / 2 + h, 0), (x + h, 0)], fill=colour[1])
    sun = rng.choice([c for c in colours if c not in (first, second)] or colours)
    r = rng.randint(h // 5, h // 3)
    cx, cy = rng.randint(w // 5, 4 * w // 5), rng.randint(h // 4, 3 * h // 4)
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=sun[1])
    return f"diagonal {first[0]} and {second[0]} bands under {_a(sun[0])} disc"


def _tiles(draw, rng, colours, w, h):
    size = rng.choice((h // 4, h // 5, h // 6))
    a, b = rng.sample(colours, 2)
    for x in range(0, w, size):
        for y in range(0, h, size):
            corner = rng.randrange(4)
            dx, dy = (corner % 2) * size, (corner // 2) * size
            colour = a if rng.random() < 0.6 else b
            draw.pieslice(
                (x + dx - size, y + dy - size, x + dx + size, y + dy + size),
                [180, 270, 90, 0][corner],
                [270, 360, 180, 90][corner],
                fill=colour[1],
            )
    return f"a grid of {a[0]} and {b[0]} quarter circles"


def _bars(draw, rng, colours, w, h):
    n = rng.randint(7, 12)
    gap = w // (n * 4)
    bar = (w - gap * (n + 1)) // n
    bar_colour, line_colour = rng.sample(colours, 2)
    tops = []
    level = rng.uniform(0.3, 0.7)
    for i in range(n):
        level = min(0.9, max(0.15, level + rng.uniform(-0.2, 0.2)))
        x = gap + i * (bar + gap)
        top = h - int(h * level)
        tops.append((x + bar / 2, top))
        draw.rectangle((x, top, x + bar, h), fill=bar_colour[1])
    draw.line(tops, fill=line_colour[1], width=max(6, h // 60), joint="curve")
    r = max(8, h // 45)
    for x, y in tops:
        draw.ellipse((x - r, y - r, x + r, y + r), fill=line_colour[1])
    return f"{bar_colour[0]} bars of a chart joined by {_a(line_colour[0])} line"


def _network(draw, rng, colours, w, h):
    field, line_colour, node_colour = rng.sample(colours, 3)
    r = rng.randint(h // 3, int(h * 0.45))
    cx, cy = rng.randint(w // 3, 2 * w // 3), h // 2
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=field[1])
    # Nodes on a jittered grid, each joined to its nearest neighbours.
    cols, rows = 6, 3
    nodes = [
        (
            int(w * (i + 0.5 + rng.uniform(-0.3, 0.3)) / cols),
            int(h * (j + 0.5 + rng.uniform(-0.3, 0.3)) / rows),
        )
        for i in range(cols)
        for j in range(rows)
    ]
    width = max(4, h // 110)
    for x, y in nodes:
        nearest = sorted(nodes, key=lambda n: (n[0] - x) ** 2 + (n[1] - y) ** 2)[
            1 : rng.randint(2, 4)
        ]
        for other in nearest:
            draw.line((x, y, *other), fill=line_colour[1], width=width)
    hubs = set(rng.sample(range(len(nodes)), 3))
    for i, (x, y) in enumerate(nodes):
        size = h // 16 if i in hubs else h // 40
        draw.ellipse(
            (x - size, y - size, x + size, y + size),
            fill=(line_colour if i in hubs else node_colour)[1],
        )
    nodes_and_lines = f"{node_colour[0]} nodes and {line_colour[0]} lines"
    return f"a network of {nodes_and_lines} across {_a(field[0])} circle"


STYLES = [_circles, _bands, _tiles, _bars, _network]


class _Sketch:
    """A drawing surface that draws nothing: the same choices, only their description."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: None


def _compose(slug, theme, draw):
    rng = _rng("post", slug)
    (background_name, background), *colours = _palette(rng, theme)
    described = rng.choice(STYLES)(draw(background), rng, colours, WIDTH * SCALE, HEIGHT * SCALE)
    return f"Abstract illustration: {described}, on {background_name}."


def describe(slug, theme=""):
    """The alt text of the illustration for the post `slug`, without drawing it."""
    return _compose(slug, theme, lambda background: _Sketch())


def illustration(slug, theme=""):
    """JPEG bytes of the illustration for the post `slug` (`describe` says what it shows)."""
    canvas = []

    def draw(background):
        canvas.append(Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), background))
        return ImageDraw.Draw(canvas[0])

    _compose(slug, theme, draw)
    out = io.BytesIO()
    canvas[0].reduce(SCALE).save(out, "JPEG", quality=86, optimize=True, progressive=True)
    return out.getvalue()


def initials(name):
    parts = [part for part in name.split() if part[:1].isalpha()]
    return "".join(
        part[0] for part in (parts[:1] + parts[-1:] if len(parts) > 1 else parts)
    ).upper()


def _luma(colour):
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b


def portrait(name):
    """JPEG bytes of a square portrait card for the author `name`: a monogram of their
    initials in a ring, in the colours of one palette (shown cropped to a circle)."""
    rng = _rng("author", name)
    colours = [colour for _, colour in rng.choice(PALETTES)]
    background = min(colours, key=_luma)  # the darkest: light letters stand out on it
    ring, accent = rng.sample([c for c in colours if c != background], 2)
    size = AVATAR * SCALE
    image = Image.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(image)
    inset, width = size * 0.12, size // 40
    draw.ellipse((inset, inset, size - inset, size - inset), outline=ring, width=width)
    dot = size * 0.06
    draw.ellipse(
        (size * 0.74 - dot, size * 0.2 - dot, size * 0.74 + dot, size * 0.2 + dot), fill=accent
    )
    font = ImageFont.load_default(size=int(size * 0.3))
    ink = max(colours, key=_luma)
    draw.text((size / 2, size * 0.52), initials(name) or "?", font=font, fill=ink, anchor="mm")
    image = image.reduce(SCALE)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88, optimize=True)
    return out.getvalue()
