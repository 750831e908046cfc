"""What happened to a briefing: its recorded changes (the public update history) and
the posts an editor dismissed from its inbox."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from articles.models import Article
from briefings.models.briefings import Briefing, refresh_last_updated


class BriefingChangeQuerySet(models.QuerySet):
    def notable(self):
        return self.filter(notable=True)

    def bulk_create(self, objs, *args, **kwargs):
        # bulk_create sends no post_save: the briefings' last updated dates, in one query.
        created = super().bulk_create(objs, *args, **kwargs)
        self._history_changed({change.briefing_id for change in created})
        return created

    def update(self, **kwargs):
        briefing_ids = set(self.values_list("briefing_id", flat=True))
        rows = super().update(**kwargs)
        if {"notable", "created_at", "briefing", "briefing_id"} & set(kwargs):
            if "briefing" in kwargs or "briefing_id" in kwargs:
                briefing_ids |= set(self.values_list("briefing_id", flat=True))
            self._history_changed(briefing_ids)
        return rows

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        rows = super().bulk_update(objs, fields, *args, **kwargs)
        if {"notable", "created_at"} & set(fields):
            self._history_changed({change.briefing_id for change in objs})
        return rows

    def _history_changed(self, briefing_ids):
        """What a save of each change does (post_save), for changes written in bulk."""
        from briefings.invalidation import history_changed  # which imports this module

        refresh_last_updated(briefing_ids, using=self.db)
        history_changed(briefing_ids)


class BriefingChange(models.Model):
    """One save of a briefing: who, when, which entries came, went or moved.

    Notable changes, with the editor's note, are the briefing's public update history.
    The entries are stored as snapshots so the history stays readable after an entry
    is deleted or an article renamed.
    """

    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="changes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="briefing_changes",
    )
    created_at = models.DateTimeField("date", default=timezone.now, db_index=True)
    notable = models.BooleanField(
        "announce", default=False, help_text="Show this change in the public update history."
    )
    note = models.CharField(
        max_length=500,
        blank=True,
        help_text="What changed, for readers, e.g. “Updated to reflect the progress report”.",
    )
    added = models.JSONField(default=list, blank=True)
    removed = models.JSONField(default=list, blank=True)
    moved = models.JSONField(default=list, blank=True)
    changed_fields = models.JSONField(default=list, blank=True)

    objects = BriefingChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"
        # The admin's titles read "Change history", "Edit recorded change".
        verbose_name = "recorded change"
        verbose_name_plural = "change history"
        constraints = [
            models.CheckConstraint(
                condition=Q(notable=False) | ~Q(note=""), name="notable_change_has_note"
            )
        ]

    def __str__(self):
        return self.note or self.summary

    def get_absolute_url(self):
        return f"{self.briefing.get_absolute_url()}#update-{self.pk}"

    def clean(self):
        if self.notable and not self.note.strip():
            raise ValidationError({"note": "Write a note for readers to announce a change."})

    @property
    def summary(self):
        parts = [
            f"{len(items)} {label}"
            for items, label in [
                (self.added, "added"),
                (self.removed, "removed"),
                (self.moved, "moved"),
            ]
            if items
        ]
        if self.changed_fields:
            parts.append("edited " + ", ".join(self.changed_fields))
        return "; ".join(parts) or "saved without changes"


class InboxDismissal(models.Model):
    """A post an editor dismissed from a briefing's inbox (briefings/inbox.py): it is
    not offered to that briefing again."""

    briefing = models.ForeignKey(
        Briefing, on_delete=models.CASCADE, related_name="inbox_dismissals"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    dismissed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["briefing", "article"], name="dismissed_once")
        ]

    def __str__(self):
        return f"“{self.article}” dismissed from {self.briefing}"
