"""The old site's addresses of everything imported, redirected to the new ones.

WordPress reaches a post by its permalink, its guid, `?p=ID` and the slugs it had
before; an author by /author/login/ and `?author=ID`; a tag or category by its archive
path and query key; a file by its URL and `?attachment_id=ID`. The moves are collected
during the run and written at the end, in a few queries (`record_moves`).
"""

from urllib.parse import parse_qsl, unquote, urlsplit

from articles.wordpress.media import bare_host
from campaign4change.permalinks import LEGACY_QUERY_KEYS, record_moves

MAX_REDIRECT_PATH = 200


class Redirects:
    def __init__(self, site, summary):
        self.summary = summary
        self.moves = []  # (old path, new path), written at the end
        base = site.base_blog_url or site.base_site_url or site.link or "/"
        self.base_path = unquote(urlsplit(base).path or "/")
        if not self.base_path.endswith("/"):
            self.base_path += "/"
        self.site_hosts = {bare_host(url) for url in (site.base_site_url, site.base_blog_url)}
        self.site_hosts |= {bare_host(site.link)}
        self.site_hosts.discard("")

    def old_path(self, url):
        """The path (and WordPress query key) of an old-site URL, as a request sees it."""
        if not url:
            return None
        parts = urlsplit(url.strip())
        if parts.netloc and bare_host(url) not in self.site_hosts:
            return None
        path = unquote(parts.path) or "/"
        if parts.query:
            query = dict(parse_qsl(parts.query, keep_blank_values=True))
            for key in LEGACY_QUERY_KEYS:
                if key in query:
                    return f"{path}?{key}={query[key]}"
            return f"{path}?{unquote(parts.query)}"
        return path

    def add(self, old, new):
        if not old or not new or old == new:
            return
        if len(old) > MAX_REDIRECT_PATH or len(new) > MAX_REDIRECT_PATH:
            self.summary.add(
                "old addresses", "skipped", "longer than 200 characters: not redirected", old
            )
            return
        self.moves.append((old, new))

    def for_post(self, item, new_url):
        self.add(f"{self.base_path}?p={item.post_id}", new_url)
        link_path = self.old_path(item.link)
        self.add(link_path, new_url)
        if item.guid and item.guid != item.link:
            self.add(self.old_path(item.guid), new_url)
        # Slugs the post had before in WordPress, which WordPress itself still redirected.
        current = unquote(item.post_name)
        if link_path and current and f"/{current}" in link_path:
            for old_slug in item.meta.get("_wp_old_slug", []):
                old_slug = unquote(old_slug.strip())
                if old_slug and old_slug != current:
                    head, _, tail = link_path.rpartition(f"/{current}")
                    self.add(f"{head}/{old_slug}{tail}", new_url)

    def for_author(self, login, wp_id, new_url):
        wp_slug = unquote(login).lower().replace(" ", "-").replace(".", "-")
        self.add(f"{self.base_path}author/{wp_slug}/", new_url)
        if wp_id:
            self.add(f"{self.base_path}?author={wp_id}", new_url)

    def for_term(self, taxonomy, slug, term, terms, new_url):
        """`terms`: the export's terms by (taxonomy, slug), for a category's parents."""
        if taxonomy == "post_tag":
            self.add(f"{self.base_path}tag/{unquote(slug)}/", new_url)
            self.add(f"{self.base_path}?tag={unquote(slug)}", new_url)
        else:
            chain, parent, seen = [unquote(slug)], term, set()
            while parent is not None and parent.parent and parent.parent not in seen:
                seen.add(parent.parent)
                chain.insert(0, unquote(parent.parent))
                parent = terms.get(("category", parent.parent))
            self.add(f"{self.base_path}category/{'/'.join(chain)}/", new_url)
            if term is not None and term.term_id:
                self.add(f"{self.base_path}?cat={term.term_id}", new_url)

    def for_attachment(self, item, url, local):
        self.add(self.old_path(url), local)
        self.add(f"{self.base_path}?attachment_id={item.post_id}", local)
        self.add(self.old_path(item.link), local)

    def save(self):
        created, updated = record_moves(self.moves)
        total = len({old for old, new in self.moves if old != new})
        self.summary.add("old addresses", "created", count=created)
        self.summary.add("old addresses", "updated", count=updated)
        self.summary.add("old addresses", "unchanged", count=max(total - created - updated, 0))
