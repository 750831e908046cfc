"""Store the post's id in every history item that names a post.

The public history names a post only while it is public, which needs the post's id.
Items recorded before it was stored are matched through the entry they describe when
it still exists, else through the slug at the end of their address. An item that
matches neither stays without an id and is never shown to readers.
"""

from django.db import migrations


def slug_of(url):
    parts = [part for part in url.split("?")[0].split("/") if part]
    return parts[-1] if parts else ""


def name_posts(apps, schema_editor):
    BriefingChange = apps.get_model("briefings", "BriefingChange")
    Entry = apps.get_model("briefings", "Entry")
    Article = apps.get_model("articles", "Article")
    entry_posts = dict(
        Entry.objects.filter(article__isnull=False).values_list("pk", "article_id")
    )
    post_ids = dict(Article.objects.values_list("slug", "pk"))
    for change in BriefingChange.objects.all().iterator():
        touched = False
        for items in (change.added, change.removed, change.moved):
            for item in items:
                if "article_id" in item or not item.get("url", "").startswith("/"):
                    continue
                item["article_id"] = entry_posts.get(item.get("id")) or post_ids.get(
                    slug_of(item["url"])
                )
                touched = True
        if touched:
            change.save(update_fields=["added", "removed", "moved"])


class Migration(migrations.Migration):
    dependencies = [
        ("briefings", "0001_initial"),
        ("articles", "0006_home_listing_index"),
    ]

    operations = [migrations.RunPython(name_posts, migrations.RunPython.noop)]
