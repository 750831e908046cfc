"""What tags and authors share: posts keep copies of their names (articles/derived.py),
which pages show as `Named`."""

from campaign4change import pagecache


class NamedQuerySet(pagecache.WatchedQuerySet):
    """A bulk rename (update() of a name or slug) also refreshes the posts' copies."""

    def update(self, **kwargs):
        if not {"name", "slug"} & set(kwargs):
            return super().update(**kwargs)
        from articles.signals import names_updated

        pks = pagecache.pks_to_update(self)
        rows = super().update(**kwargs)
        names_updated.send(sender=self.model, pks=pks)
        return rows


class Named:
    """A tag or author as a post shows it: a name, an address, its id and slug."""

    __slots__ = ("name", "url", "pk", "slug")

    def __init__(self, name, url, pk=None, slug=None):
        self.name, self.url, self.pk, self.slug = name, url, pk, slug

    def get_absolute_url(self):
        return self.url

    def __str__(self):
        return self.name

    def __eq__(self, other):
        return isinstance(other, Named) and (self.name, self.url) == (other.name, other.url)

    def __hash__(self):
        return hash((self.name, self.url))
