"""Bringing the old site's uploads over, so images in imported posts keep working.

Only files on the old site itself (its /wp-content/uploads/ folder, and attachments the
export lists) are fetched, over HTTP(S), with a timeout and a size limit, and only of
kinds that are safe to serve from this site (no HTML, SVG or scripts). A file that
cannot be fetched keeps its original URL in the post. When a host fails several times
in a row it is given up on, so a dead old site costs seconds, not hours.
"""

import hashlib
import html
import posixpath
import re
import shutil
import tempfile
from urllib.error import HTTPError, URLError
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import Request, build_opener

from django.core.files import File
from PIL import Image, UnidentifiedImageError

IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp"}
SAFE_EXTENSIONS = IMAGE_EXTENSIONS | {
    ".pdf",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
    ".ppt",
    ".pptx",
    ".odt",
    ".ods",
    ".odp",
    ".rtf",
    ".txt",
    ".csv",
    ".mp3",
    ".m4a",
    ".ogg",
    ".wav",
    ".mp4",
    ".m4v",
    ".webm",
    ".mov",
}
UPLOADS = "/wp-content/uploads/"
MEDIA_FOLDER = "wordpress"
HOST_FAILURE_LIMIT = 3
URL_ATTRIBUTE = re.compile(r"""(\b(?:src|href)\s*=\s*)(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)


def url_key(url):
    return hashlib.sha256(url.encode()).hexdigest()[:40]


def bare_host(url):
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


class FetchFailed(Exception):
    """A file could not be brought over; the message is the reason shown in the summary."""


class MediaFetcher:
    """Downloads the old site's files into `storage` and says what each URL became."""

    def __init__(
        self,
        storage,
        base_url,
        known=None,
        timeout=10,
        max_bytes=50 * 1024 * 1024,
        on_result=None,
    ):
        self.storage = storage
        self.base_url = base_url
        self.site_hosts = {bare_host(base_url)} - {""}
        self.known = dict(known or {})  # url key -> stored name, from earlier imports
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.on_result = on_result or (lambda url, outcome, detail: None)
        self.results = {}  # absolute url -> (local url or None, outcome, detail)
        self.saved = []  # names stored by this run (deleted again if the import fails)
        self.new_records = {}  # url key -> (url, stored name)
        self.host_failures = {}
        self.opener = build_opener()

    def add_site_url(self, url):
        if url:
            self.site_hosts.add(bare_host(url))

    def absolute(self, url):
        return urljoin(self.base_url, html.unescape(url.strip()))

    def is_site_upload(self, url):
        parts = urlsplit(url)
        return (
            parts.scheme in {"http", "https"}
            and bare_host(url) in self.site_hosts
            and UPLOADS in parts.path
        )

    def fetch(self, url, force=False):
        """Bring `url` over: (local URL or None, outcome, detail, first time asked).

        `force` is for an attachment's own URL, which may live on another host (a CDN);
        otherwise only the old site's uploads are fetched.
        """
        url = self.absolute(url)
        if url in self.results:
            return (*self.results[url], False)
        if urlsplit(url).scheme not in {"http", "https"}:
            return None, "skipped", "not an http(s) address", False
        if not force and not self.is_site_upload(url):
            return None, "skipped", "not on the old site", False
        try:
            name, outcome = self._bring_over(url)
        except FetchFailed as failure:
            self.results[url] = (None, "skipped", str(failure))
        else:
            self.results[url] = (self.storage.url(name), outcome, name)
        return (*self.results[url], True)

    def rewrite(self, body):
        """`body` with every old-site upload it links or shows served from here."""

        def replace(match):
            prefix, quote, url = match.groups()
            if not self.is_site_upload(self.absolute(url)):
                return match.group(0)
            local, outcome, detail, first = self.fetch(url)
            if first:
                self.on_result(url, outcome, detail)
            if local is None:
                return match.group(0)
            return f"{prefix}{quote}{html.escape(local)}{quote}"

        return URL_ATTRIBUTE.sub(replace, body) if "=" in body else body

    def stored_name(self, url):
        path = unquote(urlsplit(url).path)
        if UPLOADS in path:
            relative = path.split(UPLOADS, 1)[1]
        else:
            relative = f"{bare_host(url)}/{posixpath.basename(path)}"
        relative = posixpath.normpath("/" + relative).lstrip("/")
        parts = [self.storage.get_valid_name(part) for part in relative.split("/") if part]
        if not parts:
            raise FetchFailed("the URL names no file")
        return posixpath.join(MEDIA_FOLDER, *parts)

    def _bring_over(self, url):
        key = url_key(url)
        known = self.known.get(key)
        if known and self.storage.exists(known):
            return known, "unchanged"
        name = self.stored_name(url)
        extension = posixpath.splitext(name)[1].lower()
        if extension not in SAFE_EXTENSIONS:
            raise FetchFailed(f"file type not brought over ({extension or 'no extension'})")
        host = bare_host(url)
        if self.host_failures.get(host, 0) >= HOST_FAILURE_LIMIT:
            raise FetchFailed(f"{host} stopped answering")
        with tempfile.TemporaryFile() as temporary:
            self._download(url, host, temporary)
            if extension in IMAGE_EXTENSIONS:
                self._check_image(temporary)
            temporary.seek(0)
            name = self.storage.save(name, File(temporary, name=posixpath.basename(name)))
        self.saved.append(name)
        self.new_records[key] = (url, name)
        return name, "created"

    def _download(self, url, host, destination):
        # Only http(s) URLs get here (fetch checks the scheme), so no file: or custom
        # scheme is ever opened.
        request = Request(url, headers={"User-Agent": "Campaign4Change WordPress import"})  # noqa: S310
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                self.host_failures[host] = 0
                size = 0
                while chunk := response.read(64 * 1024):
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchFailed(f"larger than {self.max_bytes // (1024 * 1024)} MB")
                    destination.write(chunk)
        except HTTPError as error:
            self.host_failures[host] = 0
            raise FetchFailed(f"the old site answered {error.code}") from None
        except (URLError, TimeoutError, OSError) as error:
            self.host_failures[host] = self.host_failures.get(host, 0) + 1
            reason = getattr(error, "reason", error)
            raise FetchFailed(f"unreachable ({reason})") from None

    @staticmethod
    def _check_image(file):
        file.seek(0)
        try:
            with Image.open(file) as image:
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise FetchFailed("not a readable image") from None

    def discard(self):
        """Delete what this run stored (the import failed or was a dry run)."""
        for name in self.saved:
            self.storage.delete(name)
        self.saved.clear()


class TemporaryStorage:
    """A throw-away FileSystemStorage for dry runs: files are fetched, then forgotten."""

    def __enter__(self):
        from django.core.files.storage import FileSystemStorage

        self.directory = tempfile.mkdtemp(prefix="wordpress-dry-run-")
        return FileSystemStorage(location=self.directory, base_url="/media/")

    def __exit__(self, *exc):
        shutil.rmtree(self.directory, ignore_errors=True)
