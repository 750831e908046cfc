"""Tag housekeeping: rename and merge, keeping every post's tags and every old address."""

from django.db import transaction
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from articles.models import Article, Tag
from campaign4change.permalinks import record_move
from campaign4change.text import unique_slug
from editorial import history


class TagClash(ValueError):
    pass


def tagged_item_models():
    """Every through model tagging something with our Tag (posts, briefings...)."""
    return [
        relation.related_model
        for relation in Tag._meta.related_objects
        if issubclass(relation.related_model, TaggedItemBase)
    ]


def _tag_manager(obj, through):
    for field in obj._meta.get_fields():
        if isinstance(field, TaggableManager) and field.through is through:
            return getattr(obj, field.name)
    raise LookupError(f"{type(obj).__name__} has no tags through {through.__name__}")


@transaction.atomic
def rename_tag(tag, new_name, reslug=True):
    """Rename `tag`; with `reslug` its slug follows the name and the old address redirects."""
    new_name = new_name.strip()
    if not new_name:
        raise TagClash("A tag needs a name.")
    clash = Tag.objects.filter(name__iexact=new_name).exclude(pk=tag.pk).first()
    if clash is not None:
        raise TagClash(f"There is already a tag “{clash.name}”: merge the two instead.")
    tag.name = new_name
    if reslug:
        tag.slug = unique_slug(Tag, tag.slugify(new_name), exclude_pk=tag.pk, max_length=100)
    # Saving records the redirect from the old slug (permalinks.track_moves).
    tag.save()
    return tag


@transaction.atomic
def merge_tags(sources, target):
    """Move everything tagged with `sources` to `target`, delete the sources and
    redirect their addresses to the target's; returns how many tags were merged."""
    merged = 0
    for source in sources:
        if source.pk == target.pk:
            continue
        old_url = source.get_absolute_url()
        for through in tagged_item_models():
            for item in through.objects.filter(tag=source).select_related("content_object"):
                # Through the tag manager, so m2m_changed reaches caches and search.
                _tag_manager(item.content_object, through).add(target)
            history.replace_references(through, "tag", source.pk, target.pk)
        if source.description and not target.description:
            target.description = source.description
            target.save(update_fields=["description"])
        # Posts led by the source are led by the target (the same pages change anyway).
        Article.objects.filter(main_tag=source).derived_update(main_tag=target)
        source.delete()
        record_move(old_url, target.get_absolute_url())
        merged += 1
    return merged
