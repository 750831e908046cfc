"""Why the CKEditor 4 advisories published since 4.22.1 do not reach this site
(SECURITY.md): one test for each reason that can be tested without a browser.
tests/browser/test_editor.py checks the same things in the running editor."""

import json
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.apps import StaticFilesConfig
from django.core.management import call_command
from django.test import override_settings

from articles.forms import ArticleAdminForm
from briefings.forms import BriefingAdminForm
from campaign4change.editor import RichTextEditorWithoutUploads
from campaign4change.sanitizer import RICH_TEXT_TAGS

# The plugins the toolbar and everyday writing need (settings.CKEDITOR_CONFIGS): a new
# one is a deliberate change, made together with SECURITY.md.
EXPECTED_PLUGINS = {
    "a11yhelp",
    "basicstyles",
    "blockquote",
    "clipboard",
    "contextmenu",
    "elementspath",
    "enterkey",
    "entities",
    "filebrowser",
    "format",
    "horizontalrule",
    "htmlwriter",
    "image2",
    "link",
    "list",
    "magicline",
    "pastefromgdocs",
    "pastefromword",
    "removeformat",
    "resize",
    "toolbar",
    "undo",
    "uploadimage",
    "wysiwygarea",
}
# Elements whose content the HTML parser treats as raw text or CDATA (CVE-2024-24815),
# and others that have no place in a post.
NEVER_ALLOWED = {"script", "style", "textarea", "title", "xmp", "iframe", "noscript", "object"}


def rendered_configs():
    """The configuration each rich-text field hands to the browser."""
    widgets = [
        ArticleAdminForm().fields["body"].widget,
        BriefingAdminForm().fields["introduction"].widget,
        RichTextEditorWithoutUploads(),
    ]
    configs = []
    for widget in widgets:
        html = widget.render("body", "")
        match = re.search(r'data-config="([^"]*)"', html)
        configs.append(json.loads(match.group(1).replace("&quot;", '"').replace("&amp;", "&")))
    return configs


def allowed_elements(config):
    # "img[alt,src](image-left); p(image-center); ..." -> {"img", "p", ...}
    return {re.split(r"[\[({]", rule.strip())[0] for rule in config["allowedContent"].split(";")}


def test_editor_allows_no_cdata_elements():
    for config in rendered_configs():
        elements = allowed_elements(config)
        assert elements == RICH_TEXT_TAGS
        assert not elements & NEVER_ALLOWED
        # No wildcard rules ("*[on*]"), no style rules ("{...}").
        assert "*" not in config["allowedContent"] and "{" not in config["allowedContent"]


def test_full_page_mode_is_off():
    for config in rendered_configs():
        assert config["fullPage"] is False
        assert "docprops" not in config["plugins"].split(",")


def test_version_check_is_off():
    for config in rendered_configs():
        assert config["versionCheck"] is False


def test_only_the_plugins_the_toolbar_needs_are_loaded():
    for config in rendered_configs():
        # An explicit list replaces the bundled build's seventy plugins.
        assert set(config["plugins"].split(",")) == EXPECTED_PLUGINS
        assert not config.get("extraPlugins")
    assert {"sourcearea", "preview", "docprops", "codesnippetgeshi", "iframe", "forms"}.isdisjoint(
        EXPECTED_PLUGINS
    )


def collected_paths():
    """What `collectstatic` would copy: every finder's files, less the ignored ones."""
    ignore = StaticFilesConfig.ignore_patterns
    return [path for finder in finders.get_finders() for path, _ in finder.list(ignore)]


def is_unsafe(path):
    return "samples/" in path or path.endswith((".php", ".asp", ".aspx", ".cfm"))


def test_no_editor_samples_are_served_or_collected():
    paths = collected_paths()
    assert "ckeditor/ckeditor/ckeditor.js" in paths
    assert "ckeditor/ckeditor/plugins/image2/plugin.js" in paths
    assert not [path for path in paths if is_unsafe(path)]


@pytest.fixture
def app_shipping_samples():
    """An installed app whose static files include editor samples and a PHP script, as a
    CKEditor package from elsewhere might."""
    finders.get_finder.cache_clear()
    with override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, "tests.shipped_samples"]):
        yield
    finders.get_finder.cache_clear()


def test_samples_shipped_by_an_app_are_never_found(app_shipping_samples, client, tmp_path):
    # Served in development (WhiteNoise and runserver ask the finders)...
    assert finders.find("shipped/plugin.js")
    assert finders.find("shipped/samples/old/ajax.html") is None
    assert finders.find("shipped/lib/colorize.php") is None
    # ...and copied for production by collectstatic.
    with override_settings(
        STATIC_ROOT=tmp_path,
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
    copied = [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()]
    assert "shipped/plugin.js" in copied
    assert not [path for path in copied if is_unsafe(path)]
