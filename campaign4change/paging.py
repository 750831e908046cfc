"""A list Django's Paginator can page through a query at a time."""


class PagedList:
    """Sliceable and countable: a subclass gives `count()` and `page(start, stop)`, the
    items from `start` to before `stop` (one query, or a few, whatever the page)."""

    def count(self):
        raise NotImplementedError

    def page(self, start, stop):
        raise NotImplementedError

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, self.count() if index.stop is None else index.stop
        return self.page(start, stop) if stop > start else []
