from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class CampaignConfig(AppConfig):
    name = "campaign4change"
    verbose_name = "Campaign4Change"

    def ready(self):
        from campaign4change import django_fixes

        django_fixes.install()


class NewsroomAdminConfig(AdminConfig):
    """django.contrib.admin with the site's AdminSite (campaign4change/admin_site.py)."""

    default_site = "campaign4change.admin_site.NewsroomAdminSite"
