"""Admin building blocks shared by every kind of content (posts, briefings...).

- OwnershipAdminMixin: row-level rules; without the model's `change_others_<model>`
  permission a user sees and touches only the rows they own.
- ConflictDetectionAdminMixin: no lost updates; a save based on a stale copy is refused.
- RevisionAdminMixin: every save keeps a revision (django-reversion) that can be
  compared (django-reversion-compare), restored, and recovered after a delete.
- UnchangedSaveAdminMixin: a save that changes nothing records nothing and moves no date.
- PreviewLinksAdminMixin: create and list preview links from an object's change page.
- AutosaveAdminMixin: a private copy of the form every few seconds, offered back later.
- KeptUploadsAdminMixin: a file chosen in a form sent back with an error stays chosen.

One module per concern: ownership, conflicts, revisions, preview_links, autosave,
kept_uploads (and users, the roles on the user admin). Importing this package
registers their admins.
"""

from editorial.admin.autosave import AutosaveAdminMixin
from editorial.admin.conflicts import ConflictDetectionAdminMixin
from editorial.admin.kept_uploads import KeptUploadsAdminMixin
from editorial.admin.links import admin_url
from editorial.admin.ownership import (
    BoundedInlineMixin,
    OwnershipAdminMixin,
    ParentPermissionInlineMixin,
)
from editorial.admin.preview_links import PreviewLinkAdmin, PreviewLinksAdminMixin
from editorial.admin.revisions import (
    ComparedRows,
    RevisionAdminMixin,
    UnchangedSaveAdminMixin,
)
from editorial.admin.users import NewsroomUserAdmin

__all__ = [
    "AutosaveAdminMixin",
    "BoundedInlineMixin",
    "ComparedRows",
    "ConflictDetectionAdminMixin",
    "KeptUploadsAdminMixin",
    "NewsroomUserAdmin",
    "OwnershipAdminMixin",
    "ParentPermissionInlineMixin",
    "PreviewLinkAdmin",
    "PreviewLinksAdminMixin",
    "RevisionAdminMixin",
    "UnchangedSaveAdminMixin",
    "admin_url",
]
