"""Signals of the articles app: what happened to posts, for whoever keeps things in step.

Model signals (post_save, m2m_changed...) say what a save did. These say what a save
cannot: changes made in bulk, without saves.
"""

from django.dispatch import Signal

# QuerySet.update() on posts: `article_ids` changed in `fields`, without a save.
posts_updated = Signal()

# Tags or authors `pks` (of model `sender`) renamed or moved in bulk, without saves.
names_updated = Signal()

# A post's byline rows were replaced without saves (bulk imports): `article_id`.
byline_replaced = Signal()

# The suggested related posts kept on posts `article_ids` changed (articles/related.py).
suggestions_changed = Signal()

# Sent with `article_ids` whenever those posts changed in a way readers may see,
# including changes made without model signals (bulk updates, scheduled posts coming
# due): apps that show posts in pages of their own (briefings) refresh those pages.
posts_changed = Signal()
