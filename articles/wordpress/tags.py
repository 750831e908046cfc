"""WordPress tags and categories to tags here (the site files posts under tags only).

A post gets its tags, its categories and those categories' parents, except WordPress's
default category, which says nothing as a tag.
"""

from articles.models import ImportedItem, Tag
from articles.wordpress.content import plain_text

TAG_LENGTH = Tag._meta.get_field("name").max_length
# WordPress files every post without a category under this one; as a tag it says nothing.
DEFAULT_CATEGORY = "uncategorized"


class Tags:
    def __init__(self, source, records, terms, summary, redirects):
        self.source = source
        self.records = records  # earlier imports' records, by (kind, source id)
        self.terms = terms  # (taxonomy, slug) -> WPTerm, as the export's header lists them
        self.summary = summary
        self.redirects = redirects
        self.by_name = {tag.name.lower(): tag for tag in Tag.objects.all()}
        self.by_id = {tag.pk: tag for tag in self.by_name.values()}
        self.by_term = {}  # (taxonomy, slug) -> Tag, once resolved in this run

    def for_item(self, item):
        """Tags for a post: its tags, its categories and those categories' parents."""
        names = {}
        slugged = {c.name.lower() for c in item.categories if c.slug}
        for category in item.categories:
            if category.taxonomy not in {"category", "post_tag"}:
                continue
            if category.taxonomy == "category" and DEFAULT_CATEGORY in {
                category.slug,
                category.name.lower(),
            }:
                continue
            if not category.slug and category.name.lower() in slugged:
                continue  # WXR 1.0 writes each term twice, once without its slug.
            chain = [(category.taxonomy, category.slug, category.name)]
            parent = self.terms.get((category.taxonomy, category.slug))
            seen = set()
            while parent is not None and parent.parent and parent.parent not in seen:
                seen.add(parent.parent)
                parent = self.terms.get((category.taxonomy, parent.parent))
                if parent is not None and parent.slug != DEFAULT_CATEGORY:
                    chain.append((parent.taxonomy, parent.slug, parent.name))
            for taxonomy, slug, name in chain:
                tag = self.for_term(taxonomy, slug, name)
                if tag is not None:
                    names.setdefault(tag.name.lower(), tag)
        return list(names.values())

    def for_term(self, taxonomy, slug, name):
        """The tag for a WordPress term: the one it became last time (even if renamed
        here since), else the tag of that name (any case), else a new one."""
        if slug and (taxonomy, slug) in self.by_term:
            return self.by_term[(taxonomy, slug)]
        term = self.terms.get((taxonomy, slug))
        name = plain_text(term.name if term and term.name else name)[:TAG_LENGTH]
        if not name:
            return None
        source_id = f"{taxonomy}:{slug}"[:200]
        record = self.records.get((ImportedItem.Kind.TERM, source_id)) if slug else None
        tag = self.by_id.get(record.tag_id) if record is not None else None
        tag = tag or self.by_name.get(name.lower())
        if tag is None:
            tag = Tag(name=name, description=plain_text(term.description) if term else "")
            tag.save()
            self.by_name[name.lower()] = self.by_id[tag.pk] = tag
            self.summary.add("tags", "created")
        elif slug:
            self.summary.add("tags", "unchanged")
        if slug:
            self.by_term[(taxonomy, slug)] = tag
            if record is None or record.tag_id != tag.pk:
                self.records[(ImportedItem.Kind.TERM, source_id)] = (
                    ImportedItem.objects.update_or_create(
                        source=self.source,
                        kind=ImportedItem.Kind.TERM,
                        source_id=source_id,
                        defaults={"tag": tag},
                    )[0]
                )
            self.redirects.for_term(taxonomy, slug, term, self.terms, tag.get_absolute_url())
        return tag

    def report_unused(self):
        for (taxonomy, slug), term in self.terms.items():
            if taxonomy not in {"category", "post_tag"} or (taxonomy, slug) in self.by_term:
                continue
            if taxonomy == "category" and slug == DEFAULT_CATEGORY:
                reason = "WordPress's default category, which says nothing as a tag"
            else:
                reason = "not used by any imported post"
            self.summary.add("tags", "skipped", reason, f"“{plain_text(term.name)}”")
