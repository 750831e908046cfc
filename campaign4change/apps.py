from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig, apps
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth.apps import AuthConfig
from django.db.models.signals import post_migrate


def sync_site(using="default", **kwargs):
    """Make the Site row say what settings say: the public domain and the site's name."""
    from django.conf import settings
    from django.contrib.sites.models import Site

    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": settings.SITE_DOMAIN, "name": settings.SITE_NAME},
    )


class Campaign4ChangeConfig(AppConfig):
    name = "campaign4change"
    verbose_name = "Campaign4Change"

    def ready(self):
        # Sent for the sites app, after its own receiver has created "example.com"
        # (this app has no models, so no post_migrate is sent for it).
        post_migrate.connect(
            sync_site,
            sender=apps.get_app_config("sites"),
            dispatch_uid="campaign4change:sync_site",
        )
        from campaign4change import django_fixes, recency

        django_fixes.install()
        # Pages that say "3 days ago" are rebuilt when the date changes.
        recency.connect()


class NewsroomAdminConfig(AdminConfig):
    """django.contrib.admin with the site's AdminSite (campaign4change/admin_site.py)."""

    default_site = "campaign4change.admin_site.NewsroomAdminSite"


# Section names of the admin's menu in words people use (the apps' labels, and so their
# tables and migrations, stay what they are).


class UsersAndRolesConfig(AuthConfig):
    verbose_name = "Users and roles"  # not "Authentication and Authorization"


class SignInSecurityConfig(AxesAppConfig):
    verbose_name = "Sign-in security"  # not "Axes" (django-axes: login throttling)
