"""Addresses of admin pages."""

from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import ValidationError
from django.urls import reverse


def admin_url(obj, view="change"):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[quote(obj.pk)])


def row_by_id(model, object_id):
    """The row an admin URL's id names, whoever may see it, or None (also for junk)."""
    try:
        pk = model._meta.pk.to_python(unquote(object_id))
        return model._default_manager.filter(pk=pk).first()
    except (ValidationError, ValueError):
        return None
