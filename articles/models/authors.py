"""Authors: the people in bylines, each optionally linked to a staff account."""

from django.conf import settings
from django.db import models

from articles.models.named import NamedQuerySet
from campaign4change.images import square_set
from campaign4change.links import cached_reverse
from campaign4change.text import readable_slugify, unique_slug
from campaign4change.uploads import ImageField, ImageUploadTo


class Author(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, blank=True)
    bio = models.TextField(blank=True, help_text="A sentence or two, shown on the author page.")
    photo = ImageField(
        upload_to=ImageUploadTo("authors/"),
        blank=True,
        help_text="A portrait, shown round beside the byline; its middle square is used.",
    )
    # Square renditions of the photo (campaign4change/images.py), made when it is saved;
    # posts keep a copy for their bylines (Article.byline_photos).
    photo_renditions = models.JSONField(default=dict, blank=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author",
        help_text="The staff account this author signs in with, if any.",
    )

    # Bulk updates refresh cached pages too (articles/invalidation.py watches saves).
    objects = NamedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Author, readable_slugify(self.name), exclude_pk=self.pk)
        self.update_photo_renditions()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return cached_reverse("articles:author", slug=self.slug)

    def update_photo_renditions(self):
        photo = self.photo
        if photo and not photo._committed:
            # Stored now rather than by Model.save(), so that its renditions can be made.
            photo.save(photo.name, photo.file, save=False)
        name = photo.name if photo else ""
        if self.photo_renditions.get("name") != name:
            self.photo_renditions = {"name": name, **square_set(name)} if name else {}
