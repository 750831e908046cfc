"""The pipeline's admin pages: My desk, the calendar, pitching, the moves on a post,
notes, and each person's settings; and the calendar feed (outside the admin, signed)."""

from datetime import timedelta

from django.contrib import admin, messages
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from articles.models import Tag
from editorial.admin import admin_url
from editorial.views import private_page
from pipeline import calendar, ical, notes, workflow
from pipeline.access import may_open, visible_articles
from pipeline.desk import desk_for
from pipeline.forms import (
    AssignForm,
    CalendarFilterForm,
    DeskSettingsForm,
    MoveForm,
    NoteForm,
    PitchForm,
    ReplyForm,
    SendBackForm,
)
from pipeline.models import DeskSettings, Note


def page(request, template, title, **context):
    return TemplateResponse(
        request, template, {**admin.site.each_context(request), "title": title, **context}
    )


def wants_desk(user):
    """My desk is the front page of everyone who writes or edits posts."""
    return user.has_perm("articles.add_article")


def front_page(request):
    if not wants_desk(request.user):
        return admin.site.index(request)
    return page(
        request,
        "pipeline/desk.html",
        "My desk",
        **desk_for(request.user),
        today=timezone.localdate(),
    )


# Pitches and moves --------------------------------------------------------------------


def pitch(request):
    form = PitchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            article = workflow.pitch(
                request.user, form.cleaned_data["title"], form.cleaned_data["pitch"]
            )
        except workflow.Refused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"Pitched “{article}”: an editor will accept it or not.")
            return redirect("admin:index")
    return page(request, "pipeline/pitch.html", "Pitch a story", form=form)


def post_or_404(request, pk):
    """A post the user may open in the admin (their own rows), else 404."""
    return get_object_or_404(visible_articles(request), pk=pk)


def back_to(article, anchor=""):
    return redirect(admin_url(article) + anchor)


def run(request, article, move, success, *args):
    try:
        move(request.user, article, *args)
    except workflow.Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, success)
    return back_to(article)


@require_POST
def assign(request, pk):
    article = post_or_404(request, pk)
    form = AssignForm(request.POST, people=workflow.assignable_people())
    if not form.is_valid():
        messages.error(request, "Choose someone who writes for the site, and a valid date.")
        return back_to(article)
    data = form.cleaned_data
    who = data["assignee"]
    done = f"Assigned to {who.author.name}." if who else "Saved."
    return run(request, article, workflow.assign, done, who, data["due_date"])


@require_POST
def send_back(request, pk):
    article = post_or_404(request, pk)
    form = SendBackForm(request.POST)
    text = form.cleaned_data["note"] if form.is_valid() else ""
    return run(request, article, workflow.send_back, "Sent back, with your note.", text)


@require_POST
def mark_ready(request, pk):
    article = post_or_404(request, pk)
    return run(request, article, workflow.mark_ready, "Marked ready: publish or schedule it.")


@require_POST
def submit(request, pk):
    article = post_or_404(request, pk)
    return run(request, article, workflow.submit, "Submitted for review.")


# Notes ------------------------------------------------------------------------------


def told(request, unreached):
    if unreached:
        names = ", ".join(f"@{user.get_username()}" for user in unreached)
        messages.warning(request, f"{names} may not open this post, so they were not told.")


@require_POST
def add_note(request, pk):
    article = post_or_404(request, pk)
    return noted(request, article, NoteForm(request.POST))


def thread_or_404(request, pk):
    thread = get_object_or_404(Note.objects.threads().select_related("article"), pk=pk)
    if not may_open(request.user, thread.article):
        raise Http404("No such note.")
    return thread


@require_POST
def reply(request, pk):
    thread = thread_or_404(request, pk)
    return noted(request, thread.article, ReplyForm(request.POST), thread)


def noted(request, article, form, thread=None):
    """Store the note (or reply) `form` holds, and say who was told of it."""
    if not form.is_valid():
        messages.error(request, "Write something in the note (at most 5,000 characters).")
        return back_to(article, f"#note-{thread.pk}" if thread else "#notes")
    note, unreached = notes.add_note(
        article,
        request.user,
        form.cleaned_data["body"],
        form.cleaned_data.get("quote", ""),
        thread=thread,
    )
    messages.success(request, "Reply added." if thread else "Note added.")
    told(request, unreached)
    return back_to(article, f"#note-{note.pk}")


@require_POST
def resolve(request, pk):
    thread = thread_or_404(request, pk)
    if "reopen" in request.POST:
        notes.reopen(thread)
    else:
        notes.resolve(thread, request.user)
    return back_to(thread.article, f"#note-{thread.pk}")


# The calendar -----------------------------------------------------------------------


def calendar_view(request):
    people = workflow.assignable_people()
    filters = CalendarFilterForm(request.GET or None, people=people)
    options = {}
    if filters.is_bound:
        filters.is_valid()  # a malformed filter is left out of cleaned_data; the others apply
        options = filters.cleaned_data
    today = timezone.localdate()
    day = options.get("date") or today
    week = options.get("view") == "week"
    start, end = calendar.week_span(day) if week else calendar.month_span(day)
    chosen = {
        "stage": options.get("stage") or None,
        "person": options.get("person") or None,
        "tag": (options.get("tag") or "").strip() or None,
    }
    items = calendar.items_between(request, start, end, **chosen)
    step = timedelta(days=7) if week else timedelta(days=31)
    month_start = day.replace(day=1)
    previous = day - step if week else (month_start - timedelta(days=1)).replace(day=1)
    following = day + step if week else (month_start + step).replace(day=1)
    query = request.GET.copy()
    query.pop("date", None)
    return page(
        request,
        "pipeline/calendar.html",
        "Calendar",
        # The grid wants the width; the admin's menu is one click away ("My desk").
        is_nav_sidebar_enabled=False,
        weeks=calendar.grid(start, end, items),
        weekdays=calendar.WEEKDAYS,
        week=week,
        day=day,
        today=today,
        previous=previous,
        following=following,
        query=query.urlencode(),
        here=request.GET.urlencode(),
        filters=filters,
        tags=Tag.objects.order_by("name").values_list("name", flat=True)[:500],
        item_count=len(items),
    )


def move(request):
    """Move a calendar item to another day, after a confirmation: its due date, or the
    publish date (same time of day) of a Ready post. GET asks (with a day, as the drag
    and drop's dialog does, or for one, from the "Move…" link); POST moves."""
    # The calendar's own filters, re-encoded: nothing but a query string comes back.
    back = reverse("pipeline:calendar") + "?" + QueryDict(request.GET.get("back", "")).urlencode()
    posted = request.method == "POST"
    asked = posted or "day" in request.GET
    form = (
        MoveForm(request.POST if posted else request.GET)
        if asked
        else MoveForm(initial={"item": request.GET.get("item", "")})
    )
    if asked and form.is_valid():
        kind, pk = form.kind_and_pk
        article = get_object_or_404(visible_articles(request), pk=pk)
        day = form.cleaned_data["day"]
        if posted:
            return moved(request, kind, article, day, back)
        context = {"article": article, "kind": kind, "day": day}
    elif posted:
        messages.error(request, "Choose an item and a day from today on.")
        return redirect(back)
    else:
        context = {"article": item_article(request, request.GET.get("item", ""))}
    return page(
        request, "pipeline/move.html", "Move to another day", form=form, back=back, **context
    )


def moved(request, kind, article, day, back):
    change = workflow.set_due_date if kind == "due" else workflow.reschedule
    try:
        change(request.user, article, day)
    except workflow.Refused as refusal:
        messages.error(request, str(refusal))
    else:
        what = "Due date" if kind == "due" else "Publish date"
        messages.success(request, f"{what} of “{article}” moved to {day:%A %-d %B}.")
    return redirect(back)


def item_article(request, item):
    """The post a calendar item names ("due-12"), if the user may see it."""
    kind, _, pk = item.partition("-")
    if kind not in {"due", "publish"} or not pk.isdigit() or len(pk) > 18:
        return None
    return visible_articles(request).filter(pk=int(pk)).first()


# Personal settings and the calendar feed -------------------------------------------------


def desk_settings(request):
    settings = DeskSettings.of(request.user)
    form = DeskSettingsForm(request.POST or None, instance=settings)
    if request.method == "POST":
        if "revoke" in request.POST:
            ical.revoke(request.user)
            messages.success(request, "Made a new calendar address: the old one stopped working.")
            return redirect("pipeline:settings")
        if form.is_valid():
            form.save()
            messages.success(request, "Saved your email choices.")
            return redirect("pipeline:settings")
    feed = reverse("pipeline:ical", args=[ical.token_for(request.user)])
    return page(
        request,
        "pipeline/settings.html",
        "My notifications and calendar",
        form=form,
        feed_url=request.build_absolute_uri(feed),
    )


def ical_feed(request, token):
    user = ical.user_for(token) if len(token) <= 200 else None
    if user is None:
        raise Http404("No such calendar.")
    response = HttpResponse(ical.feed(user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="newsroom.ics"'
    return private_page(response)
