import os
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from campaign4change.uploads import SAFE_EXTENSIONS

TOKEN_SALT = "editorial.preview-link"  # noqa: S105 (a namespace for signatures, not a secret)


class _IssuedSigner(signing.TimestampSigner):
    """Signs with the time a link was created rather than now: the same link always has
    the same address (the admin shows it, the writer sends it, a test compares it), and
    the signature's own age check still counts from the link's creation."""

    def __init__(self, issued_at, **kwargs):
        super().__init__(**kwargs)
        self.issued_at = issued_at

    def timestamp(self):
        return signing.b62_encode(int(self.issued_at.timestamp()))


class PreviewLinkQuerySet(models.QuerySet):
    def active(self):
        """Links that still open their draft: not revoked and not expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())

    def for_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)

    def from_token(self, token):
        """The link a token names, or None when the token is forged or malformed."""
        try:
            pk = signing.loads(
                token,
                salt=TOKEN_SALT,
                max_age=timedelta(days=max(settings.PREVIEW_LINK_LIFETIMES_DAYS)),
            )
        except signing.BadSignature:
            return None
        if not isinstance(pk, int):
            return None
        return self.select_related("content_type").filter(pk=pk).first()


class PreviewLink(models.Model):
    """A signed, expiring, revocable address that shows one draft to someone without
    an account. The token in the address is signed with SECRET_KEY and names this row,
    so revoking or expiring the row closes the address."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    note = models.CharField(
        "shared with",
        max_length=200,
        blank=True,
        help_text="Who you are sending it to, for your records (e.g. “Press office, DWP”).",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="preview_links",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField("expires")
    revoked_at = models.DateTimeField("revoked", null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField("last opened", null=True, blank=True, editable=False)
    use_count = models.PositiveIntegerField("times opened", default=0, editable=False)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        permissions = [("change_others_previewlink", "Can see and revoke anyone's preview links")]

    def __str__(self):
        target = self.target
        return f"Preview of “{target}”" if target is not None else f"Preview link {self.pk}"

    def get_absolute_url(self):
        return reverse("editorial:preview", kwargs={"token": self.token})

    @property
    def token(self):
        # What signing.dumps() makes, dated by the link's creation (a link being created
        # has no date yet: now).
        signer = _IssuedSigner(self.created_at or timezone.now(), salt=TOKEN_SALT)
        return signer.sign_object(self.pk)

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @property
    def is_active(self):
        return not self.is_revoked and not self.is_expired

    @property
    def state(self):
        if self.is_revoked:
            return "revoked"
        return "expired" if self.is_expired else "active"

    def revoke(self):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    def record_use(self):
        # An UPDATE with F(): two reviewers opening the link at once both count.
        PreviewLink.objects.filter(pk=self.pk).update(
            use_count=F("use_count") + 1, last_used_at=timezone.now()
        )


class Autosave(models.Model):
    """A private copy of what someone is typing into a form, kept every few seconds so
    that a closed tab or a crashed browser loses nothing.

    It is nobody's content yet: not the object's, not a revision, never shown outside
    its owner's own form (nothing public reads this table). One row per person and
    object, written over in place; a new, never-saved object is told apart by the key
    its form was given (`draft_key`), so two "Add" tabs keep two copies.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="autosaves"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    draft_key = models.CharField(max_length=32, blank=True)
    fields = models.JSONField()
    saved_at = models.DateTimeField()

    class Meta:
        ordering = ["-saved_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"],
                condition=models.Q(object_id__isnull=False),
                name="autosave_once_per_object",
            ),
            models.UniqueConstraint(
                fields=["user", "content_type", "draft_key"],
                condition=models.Q(object_id__isnull=True),
                name="autosave_once_per_new_form",
            ),
        ]

    def __str__(self):
        return f"Unsaved copy by {self.user} ({self.saved_at:%Y-%m-%d %H:%M})"


def kept_upload_path(upload, filename):
    # Only a real image's extension: nothing kept is ever served as a page or script.
    extension = os.path.splitext(filename)[1].lower().lstrip(".")
    return f"kept/{uuid.uuid4().hex}" + (f".{extension}" if extension in SAFE_EXTENSIONS else "")


class KeptUpload(models.Model):
    """A file someone chose in a form that was sent back with an error: a browser
    cannot fill a file box again, so the file is kept here (named by a random id, for
    its owner only) and the form refers to it until it is saved or replaced."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kept_uploads"
    )
    file = models.FileField(upload_to=kept_upload_path, max_length=200)
    name = models.CharField("original name", max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.name
