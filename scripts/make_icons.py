"""Draw the site's icon: static/icons/icon.svg, its PNG copies, and favicon.ico.

Run once after changing the drawing (`.venv/bin/python scripts/make_icons.py`) and
commit what it writes. The SVG and the bitmaps come from the same shapes below, so
they always match: a "C4" monogram in white on the site's accent colour
(static/css/site.css). Bitmaps are drawn 8 times larger and scaled down, which is how
Pillow's primitives get smooth edges.
"""

from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
ACCENT = "#0b5394"
INK = "#ffffff"
SIZE = 64  # the drawing's own units
CORNER = 12
# The "C": a ring with its right quarter cut away.
C_CENTRE, C_RADIUS, C_STROKE, C_OPENING = (20, 32), 11, 7, 45
# The "4": a stem, a crossbar, and the diagonal joining their tops.
FOUR = [
    [(43, 17), (50, 17), (50, 47), (43, 47)],
    [(32, 35), (56, 35), (56, 41), (32, 41)],
    [(43, 17), (50, 17), (39.5, 35), (32, 35)],
]
SUPERSAMPLE = 8


def svg():
    cx, cy = C_CENTRE
    end_x, end_y = cx + C_RADIUS * 0.7071, C_RADIUS * 0.7071
    four = "".join("M" + "L".join(f"{x:g} {y:g}" for x, y in polygon) + "Z" for polygon in FOUR)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}">'
        f'<rect width="{SIZE}" height="{SIZE}" rx="{CORNER}" fill="{ACCENT}"/>'
        f'<path d="M{end_x:.2f} {cy - end_y:.2f}A{C_RADIUS} {C_RADIUS} 0 1 0 '
        f'{end_x:.2f} {cy + end_y:.2f}" fill="none" stroke="{INK}" '
        f'stroke-width="{C_STROKE}"/>'
        f'<path d="{four}" fill="{INK}"/></svg>\n'
    )


def bitmap(pixels, corner=True):
    """The icon at `pixels` square; without `corner`, the square is full (iOS rounds it)."""
    scale = pixels * SUPERSAMPLE / SIZE
    big = Image.new("RGBA", (pixels * SUPERSAMPLE,) * 2, (0, 0, 0, 0))
    draw = ImageDraw.Draw(big)
    draw.rounded_rectangle(
        [0, 0, big.width - 1, big.height - 1], radius=CORNER * scale if corner else 0, fill=ACCENT
    )
    cx, cy = (v * scale for v in C_CENTRE)
    outer = (C_RADIUS + C_STROKE / 2) * scale
    draw.arc(
        [cx - outer, cy - outer, cx + outer, cy + outer],
        start=C_OPENING,
        end=360 - C_OPENING,
        fill=INK,
        width=round(C_STROKE * scale),
    )
    for polygon in FOUR:
        draw.polygon([(x * scale, y * scale) for x, y in polygon], fill=INK)
    return big.resize((pixels, pixels), Image.Resampling.LANCZOS)


def main():
    icons = ROOT / "static" / "icons"
    (icons / "icon.svg").write_text(svg())
    bitmap(32).save(icons / "icon-32.png", optimize=True)
    # Apple's touch icon has no transparency: iOS rounds the corners itself.
    bitmap(180, corner=False).convert("RGB").save(icons / "apple-touch-icon.png", optimize=True)
    # Pillow keeps only the sizes up to the first image's: give it the largest first.
    sizes = [48, 32, 16]
    first, *rest = (bitmap(pixels) for pixels in sizes)
    first.save(
        ROOT / "campaign4change" / "root_files" / "favicon.ico",
        sizes=[(pixels, pixels) for pixels in sizes],
        append_images=rest,
    )


if __name__ == "__main__":
    main()
