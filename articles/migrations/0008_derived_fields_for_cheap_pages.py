"""Fields a page reads instead of computing them (articles/derived.py), filled in for
the posts that exist: excerpts and reading times from each post's text, bylines and tag
names, related links and the newest update's date, each in one UPDATE.
"""

from django.db import migrations, models

from campaign4change.text import excerpt_from_html, plain_words

BATCH = 2000


def fill_in(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    connection = schema_editor.connection
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        batch = Article.objects.filter(pk__in=ids[start : start + BATCH])
        posts = list(batch.only("standfirst", "body"))
        for post in posts:
            post.excerpt = post.standfirst or excerpt_from_html(post.body)
            post.reading_minutes = max(1, -(-len(plain_words(post.body)) // 230))
        Article.objects.bulk_update(posts, ["excerpt", "reading_minutes"])
    with connection.cursor() as cursor:
        for statement in SQL[connection.vendor]:
            cursor.execute(statement)


def names(vendor, rows, named, named_fk, post_fk, order):
    if vendor == "postgresql":
        return (
            f"COALESCE((SELECT jsonb_agg(jsonb_build_array(n.name, n.slug, n.id) ORDER BY {order})"
            f" FROM {rows} AS r JOIN {named} AS n ON n.id = r.{named_fk}"
            f" WHERE r.{post_fk} = articles_article.id), '[]'::jsonb)"
        )
    return (
        "COALESCE((SELECT json_group_array(json_array(name, slug, id)) FROM ("
        f"SELECT n.name, n.slug, n.id FROM {rows} AS r JOIN {named} AS n ON n.id = r.{named_fk}"
        f" WHERE r.{post_fk} = articles_article.id ORDER BY {order})), '[]')"
    )


def statements(vendor):
    byline = names(
        vendor, "articles_articleauthor", "articles_author", "author_id", "article_id",
        "r.position, r.id",
    )
    tags = names(
        vendor, "articles_taggedarticle", "articles_tag", "tag_id", "content_object_id",
        "n.name, n.id",
    )
    related = (
        "COALESCE((SELECT jsonb_agg(l.related_id ORDER BY l.position, l.id)"
        " FROM articles_relatedlink AS l WHERE l.article_id = articles_article.id), '[]'::jsonb)"
        if vendor == "postgresql"
        else "COALESCE((SELECT json_group_array(related_id) FROM (SELECT l.related_id"
        " FROM articles_relatedlink AS l WHERE l.article_id = articles_article.id"
        " ORDER BY l.position, l.id)), '[]')"
    )
    return [
        f"UPDATE articles_article SET byline_names = {byline}, tag_names = {tags},"
        f" related_ids = {related}, last_update_at = (SELECT MAX(u.posted_at)"
        " FROM articles_articleupdate AS u WHERE u.article_id = articles_article.id)"
    ]


SQL = {vendor: statements(vendor) for vendor in ("postgresql", "sqlite")}


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0007_publish_date_empty_until_chosen'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='byline_names',
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.AddField(
            model_name='article',
            name='excerpt',
            field=models.TextField(blank=True, editable=False, help_text='The standfirst, or the start of the body.'),
        ),
        migrations.AddField(
            model_name='article',
            name='last_update_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='article',
            name='reading_minutes',
            field=models.PositiveSmallIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name='article',
            name='related_ids',
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.AddField(
            model_name='article',
            name='tag_names',
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.RunPython(fill_in, migrations.RunPython.noop),
    ]
