from django.db import models


class Invalidation(models.Model):
    """A change's dependency keys, recorded in the change's own transaction.

    The durable half of invalidation (invalidation.py): applied to the cache after the
    commit (`applied_seq` is the number the bump got), and applied again for whatever the
    cache has not acknowledged: unapplied rows after an outage, and rows whose number the
    cache has lost after a restart from an older snapshot. Kept for a day
    (`PAGE_CACHE_TIMEOUT`), which is as long as anything stale could stay cached.

    With an edge in front (`EDGE_PURGE`, edge.py), the same row is the edge's record:
    `edge_due_at` is when its keys are next to be purged there (None: nothing to send),
    `edge_purges` how many purges of them the edge has acknowledged.
    """

    keys = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    applied_seq = models.BigIntegerField(null=True, blank=True, db_index=True)
    edge_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    edge_purges = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.pk}: {', '.join(self.keys[:3])}{'…' if len(self.keys) > 3 else ''}"
