"""WordPress bodies read as they did on the old site: paragraphs, captions, shortcodes."""

import pytest

from articles.wordpress.content import autop, convert_body
from campaign4change.sanitizer import sanitize_html


def test_blank_lines_make_paragraphs_and_single_newlines_make_line_breaks():
    assert autop("One.\n\nTwo\nlines.") == "<p>One.</p>\n<p>Two<br />\nlines.</p>\n"


def test_windows_line_endings_are_paragraphs_too():
    assert autop("One.\r\n\r\nTwo.") == "<p>One.</p>\n<p>Two.</p>\n"


def test_block_elements_are_never_wrapped_in_paragraphs():
    html = autop("Intro\n<h2>Heading</h2>\nText\n<ul>\n<li>a</li>\n</ul>")
    assert "<p><h2>" not in html and "<p><ul>" not in html
    assert "<h2>Heading</h2>" in html and "<p>Text</p>" in html


def test_existing_paragraphs_are_left_as_they_are():
    assert autop("<p>Already.</p>\n<p>Done.</p>") == "<p>Already.</p>\n<p>Done.</p>\n"


def test_pre_blocks_keep_their_blank_lines():
    html = autop("Code:\n<pre>a\n\nb</pre>")
    assert "<pre>a\n\nb</pre>" in html


def test_two_br_tags_become_a_paragraph_break():
    assert autop("One<br><br>Two") == "<p>One</p>\n<p>Two</p>\n"


def test_newlines_inside_a_tag_are_not_paragraph_breaks():
    html = autop('<a\nhref="https://example.org">link</a> text')
    assert html == '<p><a\nhref="https://example.org">link</a> text</p>\n'


def test_empty_body_stays_empty():
    assert convert_body("") == ""
    assert convert_body("   \n\n ") == ""


def test_caption_with_a_linked_image_becomes_a_figure_outside_any_paragraph():
    html = convert_body(
        'Before [caption id="attachment_9" width="300"]<a href="/big.jpg"><img src="/s.jpg" '
        'alt="A" /></a> Words <em>here</em>[/caption] after.'
    )
    assert '<figure><a href="/big.jpg"><img src="/s.jpg" alt="A" /></a>' in html
    assert "<figcaption>Words <em>here</em></figcaption></figure>" in html
    assert "<p><figure>" not in html and "</figure></p>" not in html


def test_old_style_caption_attribute_is_understood():
    html = convert_body('[caption caption="From the attribute"]<img src="/a.jpg" />[/caption]')
    assert html.startswith('<figure><img src="/a.jpg" /><figcaption>From the attribute')


def test_caption_survives_the_sanitiser():
    html = sanitize_html(convert_body('[caption]<img src="/a.jpg" alt="A"> Text[/caption]'))
    assert html == '<figure><img src="/a.jpg" alt="A"><figcaption>Text</figcaption></figure>'


@pytest.mark.parametrize(
    "shortcode", ['[gallery ids="1,2"]', "[contact-form-7 id=3]", "[foo]bar[/foo]"]
)
def test_unknown_shortcodes_are_kept_as_text(shortcode):
    assert shortcode in convert_body(f"Text {shortcode} more")


def test_escaped_shortcodes_are_shown_literally():
    assert "<p>Write [caption] like this.</p>" in convert_body("Write [[caption]] like this.")


def test_embeds_and_bare_urls_on_their_own_line_become_links():
    html = convert_body("[embed]https://video.example/1[/embed]\n\nhttps://video.example/2")
    assert '<a href="https://video.example/1">https://video.example/1</a>' in html
    assert '<p><a href="https://video.example/2">https://video.example/2</a></p>' in html


def test_audio_shortcode_becomes_a_link_to_the_file():
    html = convert_body('[audio mp3="https://old.example/talk.mp3"][/audio]')
    assert '<a href="https://old.example/talk.mp3">' in html


def test_block_editor_content_is_not_auto_paragraphed():
    body = "<!-- wp:paragraph -->\n<p>One</p>\n<!-- /wp:paragraph -->\n\nloose"
    assert convert_body(body) == body
