"""The editor as it runs in the browser: configured as SECURITY.md says, and in agreement
with the sanitiser both ways (campaign4change/editor.py, campaign4change/sanitizer.py)."""

import pytest
from playwright.sync_api import expect

from campaign4change.sanitizer import same_rich_text, sanitize_html
from tests.factories import SuperuserFactory
from tests.test_editor_security import EXPECTED_PLUGINS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every element, attribute and class the sanitiser keeps, as the editor and the
# WordPress importer write them.
EVERYTHING_KEPT = (
    "<h2>H2</h2><h3>H3</h3><h4>H4</h4><p><strong>s</strong> <b>b</b> <em>e</em> <i>i</i> "
    "<u>u</u> <s>s</s> <code>c</code> H<sub>2</sub>O x<sup>2</sup> "
    '<a href="https://example.org/" title="T">link</a><br>next</p>'
    "<pre>  pre\n  x</pre><blockquote><p>q</p></blockquote><ul><li>a</li></ul>"
    '<ol start="3"><li>b</li></ol><hr>'
    '<figure class="image image-left"><img src="/media/a.png" alt="A" width="40" height="20"'
    ' title="t"><figcaption>Cap <em>x</em></figcaption></figure>'
    '<figure class="image image-center"><img src="/media/a.png" alt="A"><figcaption>C'
    "</figcaption></figure>"
    '<figure class="image image-right"><img src="/media/a.png" alt="A"><figcaption>R'
    "</figcaption></figure>"
    '<p class="image-center"><img src="/media/b.png" alt="B" width="40" height="20"></p>'
    '<p><img class="image-right" src="/media/c.png" alt="C">text</p>'
    '<p><img class="image-left" src="/media/c.png" alt="C">text</p>'
    '<figure><img src="/media/d.png" alt="D"><figcaption>From WordPress</figcaption></figure>'
    '<figure class="image"><a href="https://example.org/"><img src="/media/e.png" alt="E">'
    "</a><figcaption>Linked</figcaption></figure>"
)


@pytest.fixture
def editor_page(page, live_server):
    SuperuserFactory(username="root")
    page.goto(live_server.url + "/admin/login/?next=/admin/articles/article/add/")
    page.fill("#id_username", "root")
    page.fill("#id_password", "correct horse battery")
    page.click("input[type=submit]")
    page.wait_for_selector("iframe.cke_wysiwyg_frame")
    page.wait_for_function("() => CKEDITOR.instances.id_body.status === 'ready'")
    return page


def round_trip(page, html):
    """What the editor gives back after loading `html`."""
    return page.evaluate(
        """html => new Promise(done => {
            const editor = CKEDITOR.instances.id_body;
            editor.setData(html, {callback: () => done(editor.getData())});
        })""",
        html,
    )


def test_the_running_editor_is_the_configured_one(editor_page):
    facts = editor_page.evaluate(
        """() => {
            const editor = CKEDITOR.instances.id_body;
            return {
                fullPage: editor.config.fullPage,
                versionCheck: editor.config.versionCheck,
                script: editor.filter.check('script'),
                style: editor.filter.check('style'),
                styleAttribute: editor.filter.check('p{color}'),
                handler: editor.filter.check('img[onerror]'),
                sourceMode: 'source' in editor.commands,
                plugins: Object.keys(editor.plugins),
            };
        }"""
    )
    assert facts["fullPage"] is False and facts["versionCheck"] is False
    assert not (facts["script"] or facts["style"] or facts["styleAttribute"] or facts["handler"])
    assert not facts["sourceMode"]
    # The listed plugins and what they require, nothing else (no preview, no docprops).
    assert set(facts["plugins"]) >= EXPECTED_PLUGINS
    assert not {"preview", "docprops", "sourcearea", "iframe", "forms", "codesnippet"} & set(
        facts["plugins"]
    )


def test_the_editor_keeps_everything_the_sanitiser_keeps(editor_page):
    kept = sanitize_html(EVERYTHING_KEPT)
    assert same_rich_text(round_trip(editor_page, kept), kept)


def test_nothing_the_toolbar_makes_is_thrown_away_on_save(editor_page):
    page = editor_page
    editor = page.frame_locator("iframe.cke_wysiwyg_frame")
    editor.locator("body").click()
    page.keyboard.type("Plain")
    for command in ["bold", "italic", "strike", "superscript", "subscript"]:
        page.keyboard.press("Enter")
        page.evaluate(f"CKEDITOR.instances.id_body.execCommand('{command}')")
        page.keyboard.type(f"{command} text")
        page.evaluate(f"CKEDITOR.instances.id_body.execCommand('{command}')")
    for command in ["numberedlist", "bulletedlist", "blockquote"]:
        page.keyboard.press("Enter")
        page.keyboard.press("Enter")
        page.evaluate(f"CKEDITOR.instances.id_body.execCommand('{command}')")
        page.keyboard.type(f"{command} text")
    page.evaluate("CKEDITOR.instances.id_body.execCommand('horizontalrule')")
    for heading in ["h2", "h3", "h4", "pre"]:
        page.keyboard.press("Enter")
        page.keyboard.type(f"{heading} text")
        page.evaluate(
            "tag => CKEDITOR.instances.id_body.applyStyle(new CKEDITOR.style({element: tag}))",
            heading,
        )
    # Every toolbar button is available: none is switched off by the content filter.
    disabled = page.evaluate(
        """() => Object.entries(CKEDITOR.instances.id_body.ui.instances)
            .filter(([name, item]) => item.command)
            .filter(([name, item]) => {
                const command = CKEDITOR.instances.id_body.getCommand(item.command);
                return command && command.state === CKEDITOR.TRISTATE_DISABLED
                    && !['unlink', 'redo'].includes(item.command);
            }).map(([name]) => name)"""
    )
    assert disabled == []
    written = page.evaluate("CKEDITOR.instances.id_body.getData()")
    for tag in ["strong", "em", "s", "sup", "sub", "ol", "ul", "blockquote", "hr", "h2", "pre"]:
        assert f"<{tag}" in written, (tag, written)
    assert same_rich_text(sanitize_html(written), written)
    expect(page.locator(".cke_button__image")).to_be_visible()
