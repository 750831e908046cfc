"""Cache headers for the files WhiteNoise serves at the site's root (settings.WHITENOISE_ROOT).

Hashed static files are cached for ten years by WhiteNoise itself. A root file such as
/favicon.ico has an address that browsers request on their own, so it cannot carry a
hash: it is cached for a year (without "immutable", so a new icon reaches a browser
once its copy expires) rather than WhiteNoise's minute, which would bring every
visitor's browser back for it.
"""

from pathlib import Path

ROOT_FILES = Path(__file__).resolve().parent / "root_files"
ROOT_FILES_MAX_AGE = 365 * 24 * 60 * 60


def add_headers(headers, path, url):
    if Path(path).parent == ROOT_FILES:
        headers["Cache-Control"] = f"max-age={ROOT_FILES_MAX_AGE}, public"
