"""Uploads accept real images only: checked with Pillow, size-limited, safely named.

Used by every ImageField (through `ImageField` below) and by the rich-text editor's
upload view, so there is one rule for what may land in MEDIA_ROOT. SVG is refused on
purpose (it can carry script), and so is anything Pillow cannot decode as one of the
formats in ALLOWED_FORMATS, whatever its name or declared content type.
"""

import os
import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from PIL import Image, UnidentifiedImageError

from campaign4change.text import readable_slugify

# Pillow format name -> the extension the stored file gets.
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
SAFE_EXTENSIONS = set(ALLOWED_FORMATS.values()) | {"jpeg"}


def inspect_image(file):
    """Return the Pillow format of `file` (an upload), or raise ValidationError."""
    limit = settings.MAX_IMAGE_UPLOAD_BYTES
    if file.size is not None and file.size > limit:
        raise ValidationError(
            f"This file is {filesizeformat(file.size)}; images may be at most "
            f"{filesizeformat(limit)}.",
            code="too_large",
        )
    not_an_image = ValidationError(
        "Upload a JPEG, PNG, GIF or WebP image; this file is not one (SVG is not accepted).",
        code="not_an_image",
    )
    try:
        file.seek(0)
        with warnings.catch_warnings():
            # Pillow warns of images past its own limit; they are past ours too, and
            # refused just below, before any pixel is decoded, with their size.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                image_format, (width, height) = image.format, image.size
                most_pixels = pixel_limit(image_format)
                if width * height > most_pixels:
                    raise too_many_pixels(image_size(width, height), most_pixels)
                image.verify()
    except Image.DecompressionBombError:
        # Over twice Pillow's limit, it does not even say the image's size.
        size = f"larger than {pixel_count(2 * Image.MAX_IMAGE_PIXELS)}"
        raise too_many_pixels(size, pixel_limit()) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, TypeError):
        raise not_an_image from None
    finally:
        file.seek(0)
    if image_format not in ALLOWED_FORMATS:
        raise not_an_image
    return image_format


def pixel_limit(image_format="JPEG"):
    """The most pixels an image may have: ours, or Pillow's if lower (images past
    Pillow's are refused later, when renditions are made). Only JPEGs can be decoded at
    a reduced scale (campaign4change/images.py): other formats have a lower limit."""
    limits = [settings.MAX_IMAGE_PIXELS, Image.MAX_IMAGE_PIXELS or settings.MAX_IMAGE_PIXELS]
    if image_format != "JPEG":
        limits.append(settings.MAX_IMAGE_PIXELS_DECODED_WHOLE)
    return min(limits)


def too_many_pixels(size, limit):
    return ValidationError(
        f"This image is {size}; the limit is {pixel_count(limit)}.", code="too_large"
    )


def image_size(width, height):
    """'9,000 × 6,000 pixels (54 megapixels)'."""
    size = f"{width:,} × {height:,} pixels"
    return f"{size} ({pixel_count(width * height)})" if width * height >= 1_000_000 else size


def pixel_count(pixels):
    """'54 megapixels', '1.5 megapixels', '400 pixels'."""
    if pixels < 1_000_000:
        return f"{pixels:,} pixel{'s' if pixels != 1 else ''}"
    megapixels = f"{pixels / 1_000_000:,.1f}".removesuffix(".0")
    return f"{megapixels} megapixel{'s' if megapixels != '1' else ''}"


def validate_image_file(value):
    """Model-level validator: only checks files that are being uploaded now."""
    file = getattr(value, "file", None)
    if file is None or getattr(value, "_committed", True):
        return
    inspect_image(file)


def safe_image_name(name, image_format=None):
    """A readable ASCII file name whose extension matches the image's real format."""
    stem, extension = os.path.splitext(os.path.basename(name or ""))
    extension = extension.lower().lstrip(".")
    if image_format in ALLOWED_FORMATS:
        extension = ALLOWED_FORMATS[image_format]
    elif extension not in SAFE_EXTENSIONS:
        # Never keep an extension a web server would serve as HTML or script.
        extension = "bin"
    return f"{readable_slugify(stem, max_length=60)}.{extension}"


@deconstructible
class ImageUploadTo:
    """upload_to for image fields: `folder` (strftime codes allowed) + a safe file name."""

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        from django.utils import timezone

        folder = timezone.now().strftime(self.folder)
        return os.path.join(folder, safe_image_name(filename))

    def __eq__(self, other):
        return isinstance(other, ImageUploadTo) and other.folder == self.folder


class ImageFormField(forms.ImageField):
    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        image_format = inspect_image(upload)
        upload.name = safe_image_name(upload.name, image_format)
        return upload


class ImageField(models.ImageField):
    """An ImageField that stores only checked images under safe names."""

    default_validators = [validate_image_file]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageFormField, **kwargs})
