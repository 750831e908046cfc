"""The publication's look (issue 19): captions and credits of featured images, a post's
main tag (its kicker), authors' portraits in square renditions and their copy on posts.

Existing authors' photos get their renditions here, and their posts the copy, so that
bylines show them without a save.
"""

import campaign4change.uploads
import django.db.models.deletion
from django.db import migrations, models


def portraits(apps, schema_editor):
    from campaign4change.images import square_set

    Author = apps.get_model("articles", "Author")
    authors = list(Author.objects.exclude(photo="").only("photo"))
    for author in authors:
        author.photo_renditions = {"name": author.photo.name, **square_set(author.photo.name)}
    Author.objects.bulk_update(authors, ["photo_renditions"])
    if not authors:
        return
    if schema_editor.connection.vendor == "postgresql":
        photos = (
            "COALESCE((SELECT jsonb_agg(jsonb_build_array(n.id, n.photo_renditions)"
            " ORDER BY r.position, r.id) FROM articles_articleauthor AS r JOIN articles_author"
            " AS n ON n.id = r.author_id WHERE r.article_id = articles_article.id"
            " AND n.photo <> ''), '[]'::jsonb)"
        )
    else:
        photos = (
            "COALESCE((SELECT json_group_array(json_array(id, json(photo_renditions))) FROM ("
            "SELECT n.id, n.photo_renditions FROM articles_articleauthor AS r JOIN"
            " articles_author AS n ON n.id = r.author_id WHERE r.article_id ="
            " articles_article.id AND n.photo <> '' ORDER BY r.position, r.id)), '[]')"
        )
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE articles_article SET byline_photos = {photos} WHERE id IN (SELECT"
            " r.article_id FROM articles_articleauthor AS r JOIN articles_author AS n"
            " ON n.id = r.author_id WHERE n.photo <> '')"
        )


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0011_stories_and_corrections'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='byline_photos',
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.AddField(
            model_name='article',
            name='featured_image_caption',
            field=models.CharField(blank=True, help_text='Shown under the image: what it shows, for everyone.', max_length=300, verbose_name='caption'),
        ),
        migrations.AddField(
            model_name='article',
            name='featured_image_credit',
            field=models.CharField(blank=True, help_text='Who made it: “Photo: Jo Marsh”, “Illustration: Campaign4Change”.', max_length=200, verbose_name='credit'),
        ),
        migrations.AddField(
            model_name='article',
            name='main_tag',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='articles.tag'),
        ),
        migrations.AddField(
            model_name='author',
            name='photo_renditions',
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.AlterField(
            model_name='author',
            name='photo',
            field=campaign4change.uploads.ImageField(blank=True, help_text='A portrait, shown round beside the byline; its middle square is used.', upload_to=campaign4change.uploads.ImageUploadTo('authors/')),
        ),
        migrations.RunPython(portraits, migrations.RunPython.noop),
    ]
