from django import forms
from django.db.models import Case, Max, Value, When
from django.utils.formats import date_format
from django.utils.timezone import localdate

from articles import publishing
from articles.models import Article, ArticleUpdate, RelatedLink, Tag
from articles.related import posts_sharing_tags
from articles.tag_input import TagsField
from campaign4change.editor import RichTextEditor
from campaign4change.forms import InlineRichTextField, RichTextField

SUGGESTIONS_SHOWN = 8
MAIN_TAG_HELP = " The first is the post's main tag, shown above its headline."


class ButtonField(forms.ChoiceField):
    """Which submit button was pressed: what to do with the form, not an edit to it."""

    def has_changed(self, initial, data):
        return False


class SuggestedRelatedField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, article):
        if article.publish_at is None:
            return f"{article.title} (draft)"
        return f"{article.title} ({date_format(localdate(article.publish_at))})"


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "standfirst",
            "body",
            "tags",
            "status",
            "publish_at",
            "is_sticky",
            "featured_image",
            "featured_image_alt",
            "featured_image_caption",
            "featured_image_credit",
        ]
        # Rich text is stored as plain HTML in a TextField: the widget is chosen here,
        # so replacing CKEditor later needs no data migration.
        widgets = {
            "body": RichTextEditor(),
            "standfirst": forms.Textarea(attrs={"rows": 3}),
            # Set by the button pressed (articles/publishing.py), not chosen in a box.
            "status": forms.HiddenInput,
        }
        field_classes = {"body": RichTextField, "tags": TagsField}

    # The button pressed: "Save draft", "Publish now"... (see articles/publishing.py).
    # The admin narrows the choices to the user's role.
    publishing_action = ButtonField(choices=publishing.ACTION_CHOICES, required=False)

    def full_clean(self):
        # The button decides the status before anything is validated, so the role's
        # checks on the status (and the dating rule on save) apply to it as to any.
        action = self.data.get(self.add_prefix("publishing_action")) if self.is_bound else None
        if action in dict(self.fields["publishing_action"].choices):
            publishing.apply_action(self, action)
        super().full_clean()

    def clean(self):
        cleaned_data = super().clean()
        action = cleaned_data.get("publishing_action")
        if action == publishing.SCHEDULE and not publishing.is_future(self, "publish_at"):
            self.add_error(
                "publish_at",
                "Choose a date and time in the future to schedule the post, or publish it now.",
            )
        return cleaned_data

    def clean_publish_at(self):
        publish_at = self.cleaned_data.get("publish_at")
        stored = self.instance.publish_at if self.instance.pk else None
        if publish_at is None and stored is not None and self.instance.is_published:
            # A live post's address holds its date: emptying it must not re-date the post.
            raise forms.ValidationError("This post is live: keep a date (its address contains it).")
        return publish_at

    suggested_related = SuggestedRelatedField(
        queryset=Article.objects.none(),
        required=False,
        label="Suggestions",
        help_text="Published posts that share this post's rarest tags. Tick any to add "
        "them to the end of Related Links when you save. Suggestions appear once the "
        "post has been saved with tags.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["suggested_related"].queryset = self.suggestion_queryset()
        if "tags" in self.fields:
            self.fields["tags"].help_text += MAIN_TAG_HELP
            self.fields["tags"].keeps_first = True
            if self.instance.main_tag_id and self.initial.get("tags"):
                # Shown first, as typed: saving keeps it the main tag (`save_main_tag`).
                self.initial["tags"] = sorted(
                    self.initial["tags"], key=lambda tag: tag.pk != self.instance.main_tag_id
                )
        if "slug" in self.fields:
            # Left empty (a title restored from an autosave, a script that did not run),
            # Article.save() makes one from the title.
            self.fields["slug"].required = False
        # The date and time boxes share one <label> without a `for`: name each one.
        # (Roles that may not schedule have no publish date field at all.)
        publish_widget = self.fields["publish_at"].widget if "publish_at" in self.fields else None
        if hasattr(publish_widget, "widgets"):
            publish_widget.widgets[0].attrs["aria-label"] = "Publish date"
            publish_widget.widgets[1].attrs["aria-label"] = "Publish time"

    def suggestion_queryset(self):
        """Posts ranked by shared rare tags, leaving out those already linked."""
        article = self.instance
        if article.pk is None:
            return Article.objects.none()
        linked = RelatedLink.objects.filter(article=article).values_list("related_id", flat=True)
        ranked = posts_sharing_tags(article, limit=SUGGESTIONS_SHOWN, exclude_ids=list(linked))
        # A queryset (the field validates against it), kept in rank order for display.
        rank = Case(*(When(pk=post.pk, then=Value(n)) for n, post in enumerate(ranked)))
        return Article.objects.filter(pk__in=[post.pk for post in ranked]).order_by(rank)

    def _save_m2m(self):
        super()._save_m2m()
        self.save_main_tag()

    def save_main_tag(self):
        """The first tag given leads the post (its kicker); saved once the tags are."""
        if "tags" not in self.cleaned_data:
            return
        names = self.cleaned_data["tags"]
        main = None
        if names:
            main = Tag.objects.filter(name=names[0]).values_list("pk", flat=True).first()
        if main != self.instance.main_tag_id:
            # The save just made has told every cache about this post already.
            Article.objects.filter(pk=self.instance.pk).derived_update(main_tag=main)
            self.instance.main_tag_id = main

    def save_suggested_related(self):
        """Append the ticked suggestions to the post's Related Links (after the inline)."""
        article = self.instance
        chosen = self.cleaned_data.get("suggested_related") or []
        already = set(RelatedLink.objects.filter(article=article).values_list("related", flat=True))
        position = RelatedLink.objects.filter(article=article).aggregate(last=Max("position"))[
            "last"
        ]
        position = -1 if position is None else position
        for related in chosen:
            if related.pk in already or related.pk == article.pk:
                continue
            position += 1
            RelatedLink.objects.create(article=article, related=related, position=position)


class ArticleUpdateForm(forms.ModelForm):
    class Meta:
        model = ArticleUpdate
        fields = ["posted_at", "kind", "note"]
        field_classes = {"note": InlineRichTextField}


class TagAdminForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "slug", "description", "is_story"]
        help_texts = {
            "slug": "The tag's address. Change it and the old address redirects to the new one.",
        }

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        # Tags are case-insensitive: a rename onto an existing tag is a merge.
        clash = Tag.objects.filter(name__iexact=name).exclude(pk=self.instance.pk).first()
        if clash is not None:
            raise forms.ValidationError(
                f"There is already a tag “{clash.name}”. To combine the two, select both "
                "in the list of tags and use the “Merge selected tags” action."
            )
        return name


class TagMergeForm(forms.Form):
    merge_into = forms.ModelChoiceField(
        queryset=Tag.objects.none(),
        widget=forms.RadioSelect,
        label="Keep this tag",
        help_text="The other tags are merged into it and deleted; their posts keep the "
        "tag, and their addresses redirect to this one.",
        empty_label=None,
    )

    def __init__(self, tags, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["merge_into"]
        field.queryset = Tag.objects.filter(pk__in=[tag.pk for tag in tags])
        field.initial = tags[0].pk


class SearchForm(forms.Form):
    # Long enough for any real query; a longer one is refused with a 400, not searched.
    q = forms.CharField(
        label="Search posts",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        error_messages={"max_length": "Please use at most %(limit_value)d characters."},
    )
