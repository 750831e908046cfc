"""A draft's publish date stays empty until a person chooses one or the post goes live.

Drafts whose date is still the one filled in when they were created (within a second
of their creation) were never dated by a person: their date is emptied, so that they
are dated when they are published, as new drafts are.
"""

from datetime import timedelta

from django.db import migrations, models


def forget_default_dates(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    drafts = Article.objects.filter(status="draft", publish_at__isnull=False)
    undated = [
        pk
        for pk, publish_at, created_at in drafts.values_list("pk", "publish_at", "created_at")
        if abs(publish_at - created_at) <= timedelta(seconds=1)
    ]
    Article.objects.filter(pk__in=undated).update(publish_at=None)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0006_home_listing_index'),
    ]

    operations = [
        migrations.AlterField(
            model_name='article',
            name='publish_at',
            field=models.DateTimeField(blank=True, db_index=True, help_text='Leave empty to date the post when it is published. A time in the future schedules it: it appears by itself then.', null=True, verbose_name='publish date'),
        ),
        migrations.RunPython(forget_default_dates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='article',
            constraint=models.CheckConstraint(condition=models.Q(('status', 'draft'), ('publish_at__isnull', False), _connector='OR'), name='published_article_has_date'),
        ),
    ]
