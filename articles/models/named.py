"""What tags and authors share: posts keep copies of their names (articles/derived.py)."""

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
