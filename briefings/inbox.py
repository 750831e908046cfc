"""A briefing's inbox: new public posts on its topics, for its editors to add or dismiss.

The inbox is a query, not a copy: posts that `Article.objects.published()` says are
public, published in the last BRIEFING_INBOX_DAYS days, sharing a topic tag with the
briefing, neither listed in it nor dismissed from it. A scheduled post arrives by
itself when its time comes, and one unpublished again leaves. Nothing reaches the
briefing itself until an editor chooses a section for it (`add_to_section`).
"""

from datetime import timedelta

import reversion
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Func, IntegerField, Max, OuterRef
from django.utils import timezone

from articles.models import Article, TaggedArticle
from briefings.changes import record_change, snapshot
from briefings.models import Entry, InboxDismissal


def _deeper(ref):
    # A reference to the briefing from one subquery further in.
    return OuterRef(ref) if isinstance(ref, OuterRef) else ref


def inbox_posts(briefing):
    """The inbox of `briefing` (a pk, or OuterRef("pk") in a query of briefings)."""
    here = _deeper(briefing)
    since = timezone.now() - timedelta(days=settings.BRIEFING_INBOX_DAYS)
    on_topic = TaggedArticle.objects.filter(
        content_object=OuterRef("pk"), tag__tagged_briefings__content_object=here
    )
    listed = Entry.objects.filter(article=OuterRef("pk"), section__briefing=here)
    dismissed = InboxDismissal.objects.filter(article=OuterRef("pk"), briefing=here)
    return (
        Article.objects.published()
        .filter(publish_at__gte=since)
        .filter(Exists(on_topic))
        .exclude(Exists(listed))
        .exclude(Exists(dismissed))
        .order_by("-publish_at", "-id")
    )


def inbox_count():
    """An annotation for a query of briefings: how many posts wait in each inbox."""
    return (
        inbox_posts(OuterRef("pk"))
        .order_by()
        .annotate(total=Func("pk", function="COUNT", output_field=IntegerField()))
        .values("total")
    )


class NotInInbox(Exception):
    pass


@transaction.atomic
def add_to_section(section, article, user):
    """Append `article` to `section`, recorded (today, by `user`) in the briefing's
    change history and revisions like an edit on its admin page."""
    briefing = section.briefing
    if not inbox_posts(briefing.pk).filter(pk=article.pk).exists():
        raise NotInInbox
    before = snapshot(briefing)
    last = section.entries.aggregate(last=Max("position"))["last"]
    Entry.objects.create(section=section, article=article, position=(last or 0) + 1)
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(f"Added “{article}” to {section} from the inbox.")
        # A new version for anyone with the briefing's form open (no lost updates).
        briefing.save(update_fields=["updated_at"])
    return record_change(briefing, user, before)


def dismiss(briefing, article, user):
    InboxDismissal.objects.get_or_create(
        briefing=briefing, article=article, defaults={"dismissed_by": user}
    )
