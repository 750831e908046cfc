# A post's search vector is kept in the post's row (STORAGE MAIN), not out of line in
# its TOAST table. A search reads the vectors of the newest 500 matches; kept out of
# line, each cost a lookup in the TOAST index and two chunk reads: 3,537 buffers for
# 501 posts at 20,000 posts, against 503 in the row (docs/benchmark.md). The body, read
# ten or twenty posts at a time, stays out of line. PostgreSQL only: SQLite stores NULLs.

from django.db import migrations


def set_storage(storage, rewrite=False):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        table = schema_editor.quote_name(apps.get_model("articles", "Article")._meta.db_table)
        schema_editor.execute(
            f"ALTER TABLE {table} ALTER COLUMN search_vector SET STORAGE {storage}"
        )
        if rewrite:
            # The storage applies to values written from now on: write each vector again
            # (as a new value equal to itself) so that posts already there move too.
            schema_editor.execute(
                f"UPDATE {table} SET search_vector = search_vector || ''::tsvector"  # noqa: S608
                " WHERE search_vector IS NOT NULL"
            )

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_publication_look"),
    ]

    operations = [migrations.RunPython(set_storage("MAIN", rewrite=True), set_storage("EXTENDED"))]
