from django import template

from pipeline.notes import render_body

register = template.Library()


@register.filter
def note_html(text):
    """A note's text: escaped, its paragraphs kept and its @mentions marked."""
    return render_body(text)
