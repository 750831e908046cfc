# Full-text search: a stored, weighted tsvector per article with a GIN index.
# The column exists on every database (SQLite stores NULLs in it); the index and the
# initial fill happen on PostgreSQL only, since SQLite has no GIN indexes or tsvectors.

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations

INDEX = django.contrib.postgres.indexes.GinIndex(
    fields=["search_vector"], name="article_search_idx"
)


class AddIndexOnPostgreSQL(migrations.AddIndex):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def fill_search_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from articles.search import search_vector_expression

    Article = apps.get_model("articles", "Article")
    Article.objects.update(search_vector=search_vector_expression())


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        AddIndexOnPostgreSQL(model_name="article", index=INDEX),
        migrations.RunPython(fill_search_vectors, migrations.RunPython.noop, elidable=True),
    ]
