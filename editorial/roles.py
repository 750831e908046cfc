"""The newsroom's roles, defined once: each role is a Django group with these permissions.

`migrate` creates the groups and keeps their permissions exactly as listed here (a data
migration the first time, then a post_migrate hook), so giving a role a new permission
is one line in this file and a deploy. Row-level rules (whose posts a role may touch)
live in editorial.admin.OwnershipAdminMixin; these permissions say what kind of thing a
role may do at all.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS

CONTRIBUTOR = "Contributor"
JOURNALIST = "Journalist"
EDITOR = "Editor"


def crud(label, *actions):
    """'articles.author' -> the view/add/change/delete permissions of that model."""
    app_label, model = label.split(".")
    return {f"{app_label}.{action}_{model}" for action in actions or CRUD}


CRUD = ("view", "add", "change", "delete")

# Write own drafts (never publish or schedule), share a draft with a preview link.
CONTRIBUTOR_PERMISSIONS = (
    crud("articles.article")
    | crud("articles.author", "view")
    | crud("articles.tag", "view")
    | crud("editorial.previewlink", "view", "add", "change")
    | crud("pipeline.stage", "view")
)

# Everything a contributor does, and publish or schedule own posts, upload images.
JOURNALIST_PERMISSIONS = CONTRIBUTOR_PERMISSIONS | {
    "articles.publish_article",
    "articles.upload_image",
}

# Everyone's posts, authors, tags (rename and merge, mark a tag as a story), redirects,
# everyone's preview links, recovering deleted posts and briefings, all briefings and
# all pages.
EDITOR_PERMISSIONS = (
    JOURNALIST_PERMISSIONS
    | {"articles.change_others_article"}
    | crud("articles.author")
    | crud("articles.tag")
    | crud("redirects.redirect")
    | crud("editorial.previewlink")
    | {"editorial.change_others_previewlink"}
    # Briefings: editors curate every briefing (sections, entries, announcements).
    | crud("briefings.briefing")
    | crud("briefings.section")
    | crud("briefings.entry")
    | crud("briefings.briefingchange", "view", "change")
    # Pages (About, Corrections policy...): only editors write and publish them.
    | crud("pages.page")
    # The pipeline: accept pitches, assign, set due dates, review; rename stages.
    | {"pipeline.commission"}
    | crud("pipeline.stage", "view", "change")
)

ROLES = {
    CONTRIBUTOR: CONTRIBUTOR_PERMISSIONS,
    JOURNALIST: JOURNALIST_PERMISSIONS,
    EDITOR: EDITOR_PERMISSIONS,
}


def sync_roles(apps=global_apps, using=DEFAULT_DB_ALIAS):
    """Create the role groups and give each exactly the permissions listed in ROLES.

    Permissions of apps that are not migrated yet are skipped: the post_migrate hook
    runs this again once every app is in place.
    """
    # Django creates permissions after all migrations; make sure the ones that can
    # exist already do, so a fresh database gets complete groups in one `migrate`.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, apps=apps, using=using)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in ROLES.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        permissions = [
            permission
            for permission in Permission.objects.using(using).select_related("content_type")
            if f"{permission.content_type.app_label}.{permission.codename}" in wanted
        ]
        group.permissions.set(permissions)


def sync_roles_after_migrate(sender, app_config=None, using=DEFAULT_DB_ALIAS, apps=None, **kwargs):
    # post_migrate is sent once per app; the roles need every app's permissions, so
    # sync once, after the last app (ours is listed last in INSTALLED_APPS).
    if sender.name != "editorial":
        return
    sync_roles(apps=apps or global_apps, using=using)


def role_of(user):
    """The highest role `user` holds, for display ("Editor", "Journalist"...)."""
    if user.is_superuser:
        return "Administrator"
    names = set(user.groups.values_list("name", flat=True))
    return next((role for role in (EDITOR, JOURNALIST, CONTRIBUTOR) if role in names), None)


def assign_role(user, role):
    """Make `user` a staff member holding exactly `role` (None: no newsroom role)."""
    from django.contrib.auth.models import Group

    if role is not None and role not in ROLES:
        raise ValueError(f"Unknown role {role!r}; choose one of {', '.join(ROLES)}.")
    user.groups.remove(*Group.objects.filter(name__in=ROLES))
    if role is not None:
        user.groups.add(Group.objects.get(name=role))
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
