"""The editorial calendar: due dates and publish times on a month or a week, as the
admin shows them to one person (the article admin's own rows)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from articles.models import Article
from pipeline.access import article_admin, may_commission, visible_articles
from pipeline.models import Assignment, Stage, in_stage, involving, stage_kind_of

WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


@dataclass
class Item:
    kind: str  # "due" or "publish"
    article: Article
    assignment: Assignment | None
    day: date
    at: datetime | None
    stage: Stage
    movable: bool

    @property
    def key(self):
        return f"{self.kind}-{self.article.pk}"

    @property
    def person(self):
        assignee = self.assignment.assignee if self.assignment else None
        return assignee.get_full_name() or assignee.get_username() if assignee else ""

    @property
    def overdue(self):
        return self.kind == "due" and self.day < timezone.localdate()

    @property
    def label(self):
        if self.kind == "due":
            return "Due"
        if self.stage.kind == Stage.Kind.PUBLISHED:
            return "Published"
        return "Goes live" if self.article.is_scheduled else "Planned"


def month_span(day):
    """The Monday-to-Sunday weeks that cover `day`'s month."""
    first = day.replace(day=1)
    start = first - timedelta(days=first.weekday())
    following = (first + timedelta(days=32)).replace(day=1)
    end = following + timedelta(days=(7 - following.weekday()) % 7)
    return start, end  # end is exclusive


def week_span(day):
    start = day - timedelta(days=day.weekday())
    return start, start + timedelta(days=7)


def local_midnight(day):
    return timezone.make_aware(datetime.combine(day, time()))


def filtered_posts(request, stage=None, person=None, tag=None):
    posts = visible_articles(request)
    if stage in Stage.Kind.values:
        posts = in_stage(posts, stage)
    if person:
        posts = involving(posts, person)
    if tag:
        posts = posts.filter(Q(tags__name__iexact=tag) | Q(tags__slug=tag))
    return posts.values("pk")


def items_between(request, start, end, **filters):
    """Every item from `start` to `end` (exclusive) that the user may see, in three
    queries whatever their number."""
    posts = filtered_posts(request, **filters)
    stages = {stage.kind: stage for stage in Stage.objects.all()}
    due = Assignment.objects.filter(
        article__in=posts,
        article__status=Article.Status.DRAFT,
        due_date__gte=start,
        due_date__lt=end,
    ).select_related("article", "stage", "assignee")
    published = (
        Article.objects.filter(
            pk__in=posts, publish_at__gte=local_midnight(start), publish_at__lt=local_midnight(end)
        )
        .select_related("assignment__stage", "assignment__assignee")
        .defer("body", "search_vector")
    )
    due, published = list(due), list(published)
    ids = {row.article_id for row in due} | {article.pk for article in published}
    user = request.user
    model_admin = article_admin()
    changeable = set(
        model_admin.editable_rows(
            request, visible_articles(request).filter(pk__in=ids)
        ).values_list("pk", flat=True)
    )
    commissioning = may_commission(user)
    publishing = user.has_perm("articles.publish_article")
    items = [
        Item(
            "due",
            row.article,
            row,
            row.due_date,
            None,
            stages[row.stage.kind],
            commissioning and row.article_id in changeable,
        )
        for row in due
    ]
    for article in published:
        assignment = getattr(article, "assignment", None)
        kind = stage_kind_of(article, assignment)
        items.append(
            Item(
                "publish",
                article,
                assignment,
                timezone.localdate(article.publish_at),
                timezone.localtime(article.publish_at),
                stages[kind],
                kind == Stage.Kind.READY and publishing and article.pk in changeable,
            )
        )
    items.sort(key=lambda item: (item.day, item.at or local_midnight(item.day), item.kind))
    return items


def grid(start, end, items):
    """[[(day, [items])] per week] from `start` to `end`."""
    by_day = {}
    for item in items:
        by_day.setdefault(item.day, []).append(item)
    days = [start + timedelta(days=n) for n in range((end - start).days)]
    cells = [(day, by_day.get(day, [])) for day in days]
    return [cells[n : n + 7] for n in range(0, len(cells), 7)]
