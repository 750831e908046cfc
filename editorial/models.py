from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

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
