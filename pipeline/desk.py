"""My desk: what a person has to do today, each list one query whatever its length."""

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from articles.models import Article
from briefings.inbox import inbox_count
from briefings.models import Briefing
from pipeline.access import may_commission
from pipeline.models import Assignment, Note, Stage, involving

SHOWN = 20
RECENT = 6


def open_notes():
    """An annotation: how many unresolved threads a post has."""
    threads = (
        Note.objects.open()
        .filter(article=OuterRef("article"))
        .order_by()
        .values("article")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(threads), 0)


def work(assignments):
    return (
        assignments.in_progress()
        .select_related("article", "stage", "assignee", "editor", "pitched_by")
        .annotate(open_notes=open_notes())
    )


def desk_for(user):
    """The lists on `user`'s desk (querysets, evaluated by the template)."""
    rows = Assignment.objects.all()
    commissioning = may_commission(user)
    review = rows.filter(stage__kind=Stage.Kind.REVIEW)
    review = (
        review.filter(Q(editor=user) | Q(editor__isnull=True))
        if commissioning
        else (review.filter(editor=user))
    )
    published = Article.objects.published()
    recent = (published if commissioning else involving(published, user)).with_bylines()
    lists = {
        "assigned": work(rows.filter(assignee=user).exclude(stage__kind=Stage.Kind.PITCH))
        # Earliest due first, so overdue posts lead; undated ones after.
        .order_by(F("due_date").asc(nulls_last=True), "article__title")[:SHOWN],
        "review": work(review).order_by("stage_changed_at")[:SHOWN],
        "pitches": work(rows.filter(pitched_by=user, stage__kind=Stage.Kind.PITCH)).order_by(
            "-stage_changed_at"
        )[:SHOWN],
        "published": recent.order_by("-publish_at", "-id")[:RECENT],
        "commissioning": commissioning,
    }
    if commissioning:
        lists["new_pitches"] = work(
            rows.filter(stage__kind=Stage.Kind.PITCH).exclude(pitched_by=user)
        ).order_by("stage_changed_at")[:SHOWN]
    if user.has_perm("briefings.change_briefing"):
        briefings = Briefing.objects.annotate(waiting=Subquery(inbox_count())).filter(waiting__gt=0)
        curated = briefings.filter(curators__user=user)
        lists["inboxes"] = (curated if curated.exists() else briefings).order_by("title")
    return lists
