"""Moving a post through the pipeline, and who may move it where.

Every function checks its rule and raises `Refused` (with a sentence for the person)
before changing anything. The row-level rules are the article admin's own (see
pipeline.access): whoever may not change a post cannot move it either.
"""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Author
from pipeline import notify
from pipeline.access import article_admin, as_request, may_change, may_commission, may_publish
from pipeline.models import Assignment, Note, Stage, stage_kind_of
from pipeline.notes import add_note

User = get_user_model()
Kind = Stage.Kind

# Where each move may start from.
SUBMITTABLE = {Kind.ASSIGNED, Kind.WRITING}
SENDABLE_BACK = {Kind.REVIEW, Kind.READY}
APPROVABLE = {Kind.WRITING, Kind.REVIEW}
OPEN = {Kind.PITCH, Kind.ASSIGNED, Kind.WRITING, Kind.REVIEW, Kind.READY}


class Refused(Exception):
    """A move the rules do not allow; str() says why, to the person who tried."""


def stage(kind):
    return Stage.objects.get(kind=kind)


def assignment_of(article):
    """The post's row, made (as Writing) for a post from before the pipeline."""
    try:
        return article.assignment
    except Assignment.DoesNotExist:
        return Assignment.objects.create(article=article, stage=stage(Kind.WRITING))


def move(assignment, kind, by):
    assignment.stage = stage(kind)
    assignment.stage_changed_at = timezone.now()
    assignment.stage_changed_by = by
    assignment.save()


def require_open(assignment, allowed, what):
    kind = assignment.stage_kind
    if kind not in allowed:
        raise Refused(f"{what}: it is {Stage.objects.get(kind=kind).name.lower()}.")


def assignable_people():
    """Who can be given a post: active staff who may write posts and own a byline."""
    writers = User.objects.with_perm(
        "articles.add_article", backend="django.contrib.auth.backends.ModelBackend"
    )
    return (
        writers.filter(is_staff=True, author__isnull=False)
        .select_related("author")
        .order_by("first_name", "last_name", "username")
    )


@transaction.atomic
def pitch(user, title, text):
    """A story idea: a draft post in stage Pitch, with the pitcher in its byline."""
    if not user.has_perm("articles.add_article"):
        raise Refused("You may not write posts, so you cannot pitch one.")
    author = Author.objects.filter(user=user).first()
    if author is None:
        raise Refused(
            "Your account is not linked to an author, so you cannot own posts yet: ask "
            "an editor to link it."
        )
    article = Article.objects.create(title=title.strip(), status=Article.Status.DRAFT)
    ArticleAuthor.objects.create(article=article, author=author, position=0)
    Assignment.objects.create(
        article=article,
        stage=stage(Kind.PITCH),
        pitched_by=user,
        pitch=text.strip(),
        stage_changed_by=user,
    )
    return article


@transaction.atomic
def assign(user, article, assignee, due_date):
    """Give the post to `assignee`, due `due_date` (a pitch is accepted by this). The
    assignee joins the byline if not in it: posts belong to the people in their byline,
    and the editor can change the byline afterwards."""
    if not may_commission(user):
        raise Refused("Only an editor assigns posts and sets due dates.")
    assignment = assignment_of(article)
    require_open(assignment, OPEN, "It cannot be assigned")
    if assignee is not None and not assignable_people().filter(pk=assignee.pk).exists():
        raise Refused(f"{assignee} cannot be given a post: they do not write for the site.")
    newly_assigned = assignee is not None and assignee.pk != assignment.assignee_id
    assignment.assignee, assignment.due_date = assignee, due_date
    assignment.editor = assignment.editor or user
    if assignment.stage.kind == Kind.PITCH and assignee is not None:
        move(assignment, Kind.ASSIGNED, user)
    else:
        assignment.save()
    if newly_assigned:
        author = assignee.author
        if not article.article_authors.filter(author=author).exists():
            last = article.article_authors.order_by("-position").first()
            ArticleAuthor.objects.create(
                article=article, author=author, position=last.position + 1 if last else 0
            )
        notify.assigned(article, assignment, by=user)
    return assignment


@transaction.atomic
def set_due_date(user, article, due_date):
    if not may_commission(user):
        raise Refused("Only an editor sets due dates.")
    assignment = assignment_of(article)
    require_open(assignment, OPEN, "Its due date cannot change")
    assignment.due_date = due_date
    assignment.save(update_fields=["due_date"])
    return assignment


def started_writing(user, article):
    """The assignee saved the post: an Assigned post is being written."""
    assignment = getattr(article, "assignment", None)
    if assignment and assignment.stage.kind == Kind.ASSIGNED and assignment.assignee == user:
        move(assignment, Kind.WRITING, user)
        return True
    return False


@transaction.atomic
def submit(user, article):
    """Writing → In review; the post's editor (or every editor) is told."""
    if not may_change(user, article):
        raise Refused("You may not change this post, so you cannot submit it.")
    assignment = assignment_of(article)
    if assignment.stage_kind == Kind.PITCH:
        raise Refused("An editor accepts a pitch before it is written and submitted.")
    require_open(assignment, SUBMITTABLE, "It cannot be submitted for review")
    move(assignment, Kind.REVIEW, user)
    notify.submitted(article, assignment, by=user)
    return assignment


@transaction.atomic
def send_back(user, article, note_text):
    """In review (or Ready) → Writing, with a note saying what to do."""
    if not may_commission(user) or not may_change(user, article):
        raise Refused("Only an editor sends a post back.")
    if not note_text.strip():
        raise Refused("Say what needs doing: sending back needs a note.")
    assignment = assignment_of(article)
    require_open(assignment, SENDABLE_BACK, "It cannot be sent back")
    move(assignment, Kind.WRITING, user)
    note, _ = add_note(article, user, note_text, kind=Note.Kind.SENT_BACK)
    notify.sent_back(article, note, by=user)
    return assignment


@transaction.atomic
def mark_ready(user, article):
    """In review → Ready: approved for publication. Contributors cannot publish, so
    they cannot move a post past In review."""
    if not may_publish(user, article):
        raise Refused(
            "Only someone who may publish this post marks it ready: an editor reviews it."
        )
    assignment = assignment_of(article)
    require_open(assignment, APPROVABLE, "It cannot be marked ready")
    move(assignment, Kind.READY, user)
    return assignment


@transaction.atomic
def reschedule(user, article, day):
    """Move a Ready post's publish date to `day`, at the same time of day."""
    if not may_publish(user, article):
        raise Refused("Only someone who may publish this post changes its publish date.")
    if stage_kind_of(article, getattr(article, "assignment", None)) != Kind.READY:
        raise Refused("Only a Ready post's publish date moves on the calendar.")
    if article.publish_at is None:
        raise Refused("It has no publish date yet: choose one on the post.")
    at = timezone.localtime(article.publish_at)
    moved = timezone.make_aware(datetime.combine(day, at.time()))
    if article.status == Article.Status.PUBLISHED and moved <= timezone.now():
        raise Refused("That time has passed: it would go live at once. Choose a later day.")
    article.publish_at = moved
    article_admin().save_with_revision(
        as_request(user), article, f"Publish date moved to {moved:%-d %b %H:%M} on the calendar."
    )
