"""Which cached pages a change to a page makes stale (campaign4change/pagecache/).

Keys:
- ``pages.page:<pk>`` — the page itself; its address depends on it by loading it.
- `LINKS` — the header and footer menus, which every page of the site shows, and the
  corrections policy's address, which /corrections/ and corrected posts link to. Bumped
  only when a change shows there: a page's title, slug, status, menu, order or policy
  mark, for a page that is or was in a menu or the policy. Editing the text of About
  refreshes /about/ and nothing else; renaming it refreshes every page.
- `PAGE_LIST` — which pages are public, and when they last changed: the sitemap.
"""

from django.db.models.signals import post_delete, post_save

from campaign4change import pagecache, snapshots
from pages.models import Page

LINKS = "pages.page:links"
PAGE_LIST = "pages.page:list"
SHOWN_IN_LINKS = ("title", "slug", "status", "menu", "menu_order", "is_corrections_policy")


def linked(state):
    """Does a page in `state` ({field: value}) show in a menu or as the policy?"""
    return state["status"] == Page.Status.PUBLISHED and (
        state["menu"] != Page.Menu.NONE or state["is_corrections_policy"]
    )


def state_of(page):
    return {field: getattr(page, field) for field in SHOWN_IN_LINKS}


def page_saved(sender, instance, raw=False, **kwargs):
    keys = {pagecache.key(instance)}
    before = None if raw else snapshots.stored(instance)
    now = state_of(instance)
    shown_before = before is not None and linked(before)
    if before != now and (raw or linked(now) or shown_before):
        keys.add(LINKS)
    was_public = before is not None and before["status"] == Page.Status.PUBLISHED
    if raw or instance.is_published or was_public:
        keys.add(PAGE_LIST)
    pagecache.invalidate(*keys)


def page_deleted(sender, instance, **kwargs):
    keys = {pagecache.key(instance)}
    if linked(state_of(instance)):
        keys.add(LINKS)
    if instance.is_published:
        keys.add(PAGE_LIST)
    pagecache.invalidate(*keys)


def connect():
    uid = "pages.invalidation"
    pagecache.track(Page)
    snapshots.remember(Page, *SHOWN_IN_LINKS)
    post_save.connect(page_saved, sender=Page, dispatch_uid=uid)
    post_delete.connect(page_deleted, sender=Page, dispatch_uid=uid)
