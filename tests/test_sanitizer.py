"""Hostile HTML never survives a save (the allow-list in campaign4change/sanitizer.py)."""

import pytest

from campaign4change.sanitizer import same_rich_text, sanitize_html, sanitize_inline_html

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src="x" onerror="alert(1)">',
    '<p onmouseover="alert(1)">hover</p>',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">click</a>',
    '<a href=" javascript:alert(1)">click</a>',
    '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="https://evil.example/"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<object data="evil.swf"></object><embed src="evil.swf">',
    '<form action="https://evil.example"><input name="password"></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    "<<script>script>alert(1)<</script>/script>",
    "<img src=x onerror=alert(1)//",
    "<p>unclosed <b>bold <i>italic",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<!--<script>alert(1)</script>-->",
    '<a href="vbscript:msgbox(1)">x</a>',
]

FORBIDDEN = [
    "<script",
    "onerror",
    "onload",
    "onmouseover",
    "javascript:",
    "vbscript:",
    "data:",
    "<svg",
    "<iframe",
    "<style",
    "style=",
    "<object",
    "<embed",
    "<form",
    "<meta",
    "<base",
    "<math",
]


@pytest.mark.parametrize("html", HOSTILE)
def test_hostile_html_is_neutralised(html):
    for clean in (sanitize_html(html), sanitize_inline_html(html)):
        lowered = clean.lower()
        assert not [bad for bad in FORBIDDEN if bad in lowered], clean


def test_toolbar_markup_survives():
    html = (
        "<h2>Heading</h2><p><strong>Bold</strong> and <em>italic</em> and "
        '<a href="https://www.gov.uk/">a link</a>.</p><ul><li>one</li></ul>'
        "<ol><li>two</li></ol><blockquote><p>quote</p></blockquote>"
        '<p><img src="/media/uploads/chart.png" alt="A chart" width="300" height="200"></p>'
    )
    assert sanitize_html(html) == html.replace(
        '<a href="https://www.gov.uk/">', '<a href="https://www.gov.uk/" rel="noopener noreferrer">'
    )


def test_malformed_markup_is_balanced():
    assert sanitize_html("<p>unclosed <b>bold") == "<p>unclosed <b>bold</b></p>"


def test_inline_notes_lose_blocks_and_images():
    assert sanitize_inline_html('<h2>Big</h2><img src="/x.png" alt="x"><em>note</em>') == (
        "Big<em>note</em>"
    )


@pytest.mark.parametrize(
    ("stored", "sent"),
    [
        ("<ul><li>a</li></ul>", "<ul>\r\n\t<li>a</li>\r\n</ul>\r\n"),
        ('<p><a href="/x" title="t">x</a></p>', '<p><a title="t" href="/x">x</a></p>'),
        ("<p>a<br>b</p>", "<p>a<br />\r\nb</p>"),
        ("<p><b>x</b> <i>y</i></p>", "<p><strong>x</strong> <em>y</em></p>"),
        ("<p>café&nbsp;</p>", "<p>caf&eacute;\xa0</p>"),
        ("<pre>  x</pre>", "<pre>\r\n  x</pre>"),  # a newline right after <pre> is no text
    ],
)
def test_the_editors_reformatting_leaves_the_same_rich_text(stored, sent):
    assert same_rich_text(stored, sent)


@pytest.mark.parametrize(
    ("stored", "edited"),
    [
        ("<p><b>x</b> <i>y</i></p>", "<p><b>x</b><i>y</i></p>"),
        ("<p>a b</p>", "<p>a  b</p>"),
        ("<pre>  x</pre>", "<pre>x</pre>"),
        ("<pre>x</pre>", "<pre>x\n</pre>"),
        ("<p>x</p>", "<p>x</p><p></p>"),
    ],
)
def test_any_other_difference_is_an_edit(stored, edited):
    assert not same_rich_text(stored, edited)


# What the editor's Enhanced Image plugin writes (settings.CKEDITOR_CONFIGS): captions,
# and alignment by class.
IMAGE2_MARKUP = [
    '<figure class="image image-left"><img alt="A" height="20" src="/media/a.png" width="40">'
    "<figcaption>Cap <em>x</em></figcaption></figure>",
    '<figure class="image image-center"><a href="https://example.org/" rel="noopener noreferrer">'
    '<img alt="" src="/media/a.png"></a><figcaption>C</figcaption></figure>',
    '<p class="image-center"><img alt="B" src="/media/b.png"></p>',
    '<p><img alt="C" class="image-right" src="/media/c.png">Text beside it.</p>',
    "<p>H<sub>2</sub>O, 10<sup>th</sup>, <s>struck</s></p><hr>",
]


@pytest.mark.parametrize("html", IMAGE2_MARKUP)
def test_captioned_and_aligned_images_survive(html):
    assert same_rich_text(sanitize_html(html), html)
    assert sanitize_html(html).count("class=") == html.count("class=")


def test_classes_other_than_image_alignments_are_dropped_without_a_trace():
    html = (
        '<figure class="image wp-block-image" style="float:left">'
        '<img class="image-left alignnone size-full" src="/a.png" srcset="/b.png 2x"></figure>'
        '<p class="lead">x</p><h2 class="image-center">y</h2><span class="x">z</span>'
    )
    assert sanitize_html(html) == (
        '<figure class="image"><img class="image-left" src="/a.png"></figure><p>x</p><h2>y</h2>z'
    )
