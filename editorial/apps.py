from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EditorialConfig(AppConfig):
    """Newsroom rules shared by every kind of content: roles, ownership, revisions,
    preview links and safe concurrent editing."""

    name = "editorial"
    verbose_name = "Editorial"

    def ready(self):
        from editorial.roles import sync_roles_after_migrate

        # The groups follow editorial/roles.py after every `migrate`, so a permission
        # added there (say, for a new app) reaches the roles with no manual step.
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="editorial.sync_roles")
