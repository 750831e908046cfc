"""Choosing tags in the admin: suggestions as you type, new tags only when none matches.

The widget is the admin's own Select2 (the one its autocomplete fields use), in tagging
mode: each chosen tag is one option of a <select multiple>, posted as its own value, so
a name with a comma or a quote round-trips as it is (taggit's one-line format quoted
such names, and every name with a space). Suggestions come from `suggest_tags`, with how
many posts carry each tag; articles/static/articles/admin/tag_input.js configures Select2.
"""

from anyascii import anyascii
from django import forms
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import JsonResponse
from django.urls import reverse
from django.utils.text import slugify

from articles.models import Tag

MAX_TAGS = 30
SUGGESTIONS_PER_PAGE = 20
# taggit's default help text describes its one-line format, which this field does not use.
TAGGIT_HELP_TEXT = "A comma-separated list of tags."
HELP_TEXT = "Type to see matching tags and how many posts have each; press Enter to add a new one."


class TagInput(forms.SelectMultiple):
    """A <select multiple> of the chosen tags' names, turned into Select2 by tag_input.js."""

    def __init__(self, attrs=None):
        attrs = {
            "class": "tag-input",
            "data-theme": "admin-autocomplete",
            "style": "width: 100%",
            **(attrs or {}),
        }
        super().__init__(attrs)

    @property
    def media(self):
        return forms.Media(
            js=[
                "admin/js/vendor/jquery/jquery.min.js",
                "admin/js/vendor/select2/select2.full.min.js",
                "admin/js/jquery.init.js",
                "articles/admin/tag_input.js",
            ],
            css={
                "screen": ["admin/css/vendor/select2/select2.min.css", "admin/css/autocomplete.css"]
            },
        )

    def format_value(self, value):
        return tag_names(value)

    def get_context(self, name, value, attrs):
        # The chosen tags are the only options; Select2 fetches the others as you type.
        names = tag_names(value)
        self.choices = [(tag_name, tag_name) for tag_name in names]
        context = super().get_context(name, names, attrs)
        context["widget"]["attrs"]["data-suggest-url"] = reverse("admin:articles_tag_suggest")
        return context

    def value_from_datadict(self, data, files, name):
        getter = getattr(data, "getlist", None)
        return getter(name) if getter else data.get(name)


def tag_names(value):
    """Names from what a tag field holds: Tag objects (a saved post), names (a posted form)."""
    if not value:
        return []
    if isinstance(value, str):
        value = [value]
    return [getattr(item, "name", item) for item in value]


class TagsField(forms.Field):
    """A post's or briefing's tags: a list of names, each kept exactly as chosen."""

    widget = TagInput
    default_error_messages = {
        "too_long": "A tag may be at most %(limit)d characters; this one is longer: “%(start)s…”.",
        "too_many": f"Use at most {MAX_TAGS} tags.",
    }

    def __init__(self, **kwargs):
        if str(kwargs.get("help_text", "")) == TAGGIT_HELP_TEXT:
            kwargs["help_text"] = HELP_TEXT
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return tag_names(value)

    def to_python(self, value):
        names, seen = [], set()
        for name in tag_names(value):
            name = " ".join(str(name).split())
            if name and name.casefold() not in seen:
                seen.add(name.casefold())
                names.append(name)
        return names

    def validate(self, value):
        super().validate(value)
        limit = Tag._meta.get_field("name").max_length
        for name in value:
            if len(name) > limit:
                raise forms.ValidationError(
                    self.error_messages["too_long"],
                    code="too_long",
                    params={"limit": limit, "start": name[:40]},
                )
        if len(value) > MAX_TAGS:
            raise forms.ValidationError(self.error_messages["too_many"], code="too_many")

    def clean(self, value):
        return existing_spelling(super().clean(value))

    # Whether the first tag means something (a post's main tag): then putting another
    # one first is a change too.
    keeps_first = False

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        before = [name.casefold() for name in self.to_python(initial)]
        after = [name.casefold() for name in self.to_python(data)]
        if self.keeps_first and before[:1] != after[:1]:
            return True
        return set(before) != set(after)


def existing_spelling(names):
    """`names` with each one that matches an existing tag, whatever its case, spelt as that
    tag is. taggit matches case-insensitively in SQL, which SQLite does for ASCII only:
    this way "нхс" finds "НХС" there too, instead of making a second tag."""
    if not names:
        return names
    query = Q(name__in=names)
    for name in names:
        if letters := slugify(anyascii(name)):
            query |= Q(slug__startswith=letters)
    existing = {tag.name.casefold(): tag.name for tag in Tag.objects.filter(query)}
    return [existing.get(name.casefold(), name) for name in names]


def suggest_tags(request):
    """Select2's JSON: tags whose name contains the term, in any case and any script,
    best first (the same name, then names starting with it, then the most used)."""
    term = " ".join(request.GET.get("term", "").split())[:100]
    try:
        page = max(1, int(request.GET.get("page", 1)))
    except ValueError:
        page = 1
    tags = Tag.objects.annotate(post_count=Count("tagged_articles"))
    if term:
        # PostgreSQL compares case-insensitively in any script; SQLite only in ASCII, so
        # the transliterated slug is searched too ("нхс" and "НХС" both read "nkhs").
        query = Q(name__icontains=term)
        if letters := slugify(anyascii(term)):
            query |= Q(slug__contains=letters)
        tags = tags.filter(query).annotate(
            closeness=Case(
                When(name__iexact=term, then=Value(0)),
                When(name__istartswith=term, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        tags = tags.order_by("closeness", "-post_count", "name")
    else:
        tags = tags.order_by("-post_count", "name")
    start = (page - 1) * SUGGESTIONS_PER_PAGE
    found = list(tags[start : start + SUGGESTIONS_PER_PAGE + 1])
    return JsonResponse(
        {
            "results": [
                {"id": tag.name, "text": tag.name, "posts": tag.post_count}
                for tag in found[:SUGGESTIONS_PER_PAGE]
            ],
            "pagination": {"more": len(found) > SUGGESTIONS_PER_PAGE},
        }
    )
