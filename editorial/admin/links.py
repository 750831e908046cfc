"""Addresses of admin pages."""

from django.contrib.admin.utils import quote
from django.urls import reverse


def admin_url(obj, view="change"):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[quote(obj.pk)])
