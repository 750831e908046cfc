"""The newsroom pipeline's data: stages, a post's place in them, notes, mail, settings.

A post's stage is stored only for the part of its life before publication. Once it is
published the stage is what `Article.objects.published()` says (Published, or Ready
while it waits for its time): there is one definition of public, and the pipeline
never keeps a second copy of it (see `AssignmentQuerySet.with_stage_kind`).
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from articles.models import Article, ArticleAuthor


class Stage(models.Model):
    """One step of the pipeline. Editors may rename a stage; its `kind` is what the
    code relies on, so stages are neither added nor removed (see ensure_stages)."""

    class Kind(models.TextChoices):
        PITCH = "pitch", "Pitch"
        ASSIGNED = "assigned", "Assigned"
        WRITING = "writing", "Writing"
        REVIEW = "review", "In review"
        READY = "ready", "Ready"
        PUBLISHED = "published", "Published"

    kind = models.CharField(max_length=12, choices=Kind.choices, unique=True, editable=False)
    name = models.CharField(max_length=40, unique=True, help_text="What the newsroom calls it.")
    description = models.CharField(
        max_length=200, blank=True, help_text="One line on what happens in this stage."
    )
    position = models.PositiveSmallIntegerField(editable=False, db_index=True)

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.name


DEFAULT_STAGES = [
    (Stage.Kind.PITCH, "An idea, waiting for an editor to accept it."),
    (Stage.Kind.ASSIGNED, "Accepted: someone is to write it, by its due date."),
    (Stage.Kind.WRITING, "Being written."),
    (Stage.Kind.REVIEW, "Submitted: an editor reads it, then sends it back or marks it ready."),
    (Stage.Kind.READY, "Approved: to be published, or scheduled for a time."),
    (Stage.Kind.PUBLISHED, "Public."),
]


def ensure_stages(using="default", **kwargs):
    """Create any missing stage with its default name (post_migrate: a fresh database,
    and a test database after a flush, get all six; renamed ones keep their names)."""
    for position, (kind, description) in enumerate(DEFAULT_STAGES):
        Stage.objects.using(using).get_or_create(
            kind=kind,
            defaults={"name": kind.label, "description": description, "position": position},
        )


class AssignmentQuerySet(models.QuerySet):
    def in_progress(self):
        """Not yet handed to publishing: drafts, whatever their stage."""
        return self.filter(article__status=Article.Status.DRAFT)

    def involving(self, user):
        """Posts `user` works on: assigned to them, or carrying their byline."""
        bylined = ArticleAuthor.objects.filter(author__user=user).values("article")
        return self.filter(Q(assignee=user) | Q(article__in=bylined))


class Assignment(models.Model):
    """A post's place in the pipeline: its stage, who is writing it, for when.

    The assignee is the person responsible for the writing; the byline stays what
    readers see. Posts created before the pipeline have no row: they count as
    Writing (drafts) or Published/Ready (see Stage)."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, related_name="assignment", primary_key=True
    )
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="assignments")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assignments",
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="edited_assignments",
        help_text="The editor who commissioned it and reviews it.",
    )
    due_date = models.DateField("due", null=True, blank=True, db_index=True)
    pitched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pitches",
    )
    pitch = models.TextField(
        blank=True, max_length=2000, help_text="The idea in a few lines (never shown to readers)."
    )
    stage_changed_at = models.DateTimeField(default=timezone.now)
    stage_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        permissions = [
            (
                "commission",
                "Can accept pitches, assign posts, set due dates, send back and approve",
            )
        ]

    def __str__(self):
        return f"{self.article} ({self.stage})"

    @property
    def stage_kind(self):
        return stage_kind_of(self.article, self)

    @property
    def is_overdue(self):
        return (
            self.due_date is not None
            and self.article.status == Article.Status.DRAFT
            and self.due_date < timezone.localdate()
        )


def involving(articles, user):
    """`articles` narrowed to those `user` works on: assigned to them, or in their byline
    (`user`: a user or their id)."""
    bylined = ArticleAuthor.objects.filter(author__user=user).values("article")
    return articles.filter(Q(assignment__assignee=user) | Q(pk__in=bylined))


def in_stage(articles, kind):
    """`articles` (a queryset of posts) narrowed to those in stage `kind`."""
    Kind = Stage.Kind
    public = Article.objects.published().values("pk")
    if kind == Kind.PUBLISHED:
        return articles.filter(pk__in=public)
    drafts = articles.filter(status=Article.Status.DRAFT)
    if kind == Kind.READY:
        scheduled = articles.filter(status=Article.Status.PUBLISHED).exclude(pk__in=public)
        return scheduled | drafts.filter(assignment__stage__kind=kind)
    if kind == Kind.WRITING:
        # Drafts from before the pipeline count as being written.
        return drafts.filter(Q(assignment__isnull=True) | Q(assignment__stage__kind=kind))
    return drafts.filter(assignment__stage__kind=kind)


def stage_kind_of(article, assignment=None):
    """The stage kind of `article` (with its assignment row, if it has one)."""
    if article.is_published:
        return Stage.Kind.PUBLISHED
    if article.is_scheduled:
        return Stage.Kind.READY
    return assignment.stage.kind if assignment is not None else Stage.Kind.WRITING


class NoteQuerySet(models.QuerySet):
    def threads(self):
        return self.filter(thread__isnull=True)

    def open(self):
        return self.threads().filter(resolved_at__isnull=True)


class Note(models.Model):
    """A private remark on a post, by staff, for staff: never shown to readers, never
    part of the post's content or its revisions. A note without `thread` starts a
    thread; replies point to it. Resolving resolves the thread."""

    class Kind(models.TextChoices):
        NOTE = "note", "Note"
        SENT_BACK = "sent_back", "Sent back"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="notes")
    thread = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="notes"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.NOTE)
    body = models.TextField(max_length=5000)
    quote = models.TextField(
        "quoted passage",
        max_length=1000,
        blank=True,
        help_text="The passage of the post this note is about (optional).",
    )
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="mentioned_in"
    )
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["article", "thread", "resolved_at"])]

    def __str__(self):
        return f"Note on “{self.article}” by {self.author}"


class MailKind(models.TextChoices):
    """What a notification is about; each person can turn each kind off."""

    ASSIGNED = "assigned", "A post is assigned to me"
    REVIEW = "review", "A post I edit is submitted for review"
    SENT_BACK = "sent_back", "A post of mine is sent back with a note"
    MENTION = "mention", "Someone mentions me in a note"
    PUBLISHED = "published", "A post of mine is published or scheduled"


class MailQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(sent_at__isnull=True, failed_at__isnull=True)

    def due(self):
        return self.pending().filter(next_attempt_at__lte=timezone.now())


class Mail(models.Model):
    """One notification email in the outbox. Written in the same transaction as the
    change it tells of (so a rolled-back save sends nothing), sent after the commit,
    and retried with back-off until it goes or MAIL_MAX_ATTEMPTS is reached."""

    kind = models.CharField(max_length=12, choices=MailKind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # A sender claims a mail until this time, so two processes never send it twice.
    claimed_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField("gave up at", null=True, blank=True)

    objects = MailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "notification email"
        indexes = [models.Index(fields=["sent_at", "failed_at", "next_attempt_at"])]

    def __str__(self):
        return f"{self.subject} → {self.to}"

    @property
    def state(self):
        if self.sent_at:
            return "sent"
        return "gave up" if self.failed_at else ("retrying" if self.attempts else "queued")


def new_calendar_key():
    return secrets.token_urlsafe(16)


class DeskSettings(models.Model):
    """A person's own settings: which emails they get, and their calendar feed's key
    (part of its signed address; a new key revokes the old address)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desk_settings"
    )
    muted = models.JSONField("emails turned off", default=list, blank=True)
    calendar_key = models.CharField(max_length=40, default=new_calendar_key)

    class Meta:
        verbose_name_plural = "desk settings"

    def __str__(self):
        return f"Desk settings of {self.user}"

    @classmethod
    def of(cls, user):
        return cls.objects.get_or_create(user=user)[0]

    def wants(self, kind):
        return kind not in self.muted
