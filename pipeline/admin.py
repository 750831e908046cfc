"""The pipeline in the admin: stages (renamed by editors), the outbox of notification
emails, and the post form with its workflow panel and notes.

The post form: this app may import `articles`, never the reverse, so the pipeline
extends the articles' own ArticleAdmin (`PipelineArticleAdmin`) and registers it in its
place. Everything articles/admin.py does stays as it is; this adds the stage, assignee
and due columns, the panel above the form (stage, assignment, the moves the user may
make) and the notes thread under it, and makes "Submit for review" real.
"""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template import Engine
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from articles.admin import ArticleAdmin
from articles.models import Article
from pipeline import mail, notes, workflow
from pipeline.access import may_change, may_commission, may_publish
from pipeline.forms import AssignForm, SendBackForm
from pipeline.models import Assignment, Mail, Stage, in_stage, stage_kind_of

SUBMIT = "_submit_for_review"


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    """Editors rename stages; the six stages themselves are fixed (the code relies on
    each one's kind)."""

    list_display = ["name", "kind_display", "description"]
    fields = ["kind_display", "name", "description"]
    readonly_fields = ["kind_display"]

    @admin.display(description="kind")
    def kind_display(self, stage):
        return Stage.Kind(stage.kind).label

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Mail)
class MailAdmin(admin.ModelAdmin):
    """The outbox: what was sent, what waits for a retry, what was given up (and why)."""

    list_display = ["subject", "to", "kind", "created_at", "state", "attempts", "last_error"]
    list_filter = ["kind", ("sent_at", admin.EmptyFieldListFilter), "failed_at"]
    search_fields = ["subject", "to"]
    date_hierarchy = "created_at"
    actions = ["retry_now"]
    readonly_fields = [f.name for f in Mail._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Send the selected emails now", permissions=["view"])
    def retry_now(self, request, queryset):
        ids = list(queryset.pending().values_list("pk", flat=True))
        queryset.filter(pk__in=ids).update(
            next_attempt_at=timezone.now(), failed_at=None, claimed_until=None
        )
        sent, failed = mail.deliver(first=ids, limit=len(ids))
        self.message_user(request, f"Sent {sent}; {failed} failed (see their last error).")


class StageFilter(admin.SimpleListFilter):
    title = "stage"
    parameter_name = "stage"

    def lookups(self, request, model_admin):
        return [(stage.kind, stage.name) for stage in Stage.objects.all()]

    def queryset(self, request, queryset):
        if self.value() not in Stage.Kind.values:
            return queryset
        return in_stage(queryset, self.value())


def stage_column():
    """The list's stage column, with the stages' names read once per page."""
    names = {stage.kind: stage.name for stage in Stage.objects.all()}

    @admin.display(description="stage")
    def stage(article):
        assignment = getattr(article, "assignment", None)
        name = names[stage_kind_of(article, assignment)]
        who = assignment.assignee if assignment is not None else None
        if who is None:
            return name
        return format_html("{} <small>· {}</small>", name, who.get_full_name() or who)

    return stage


def base_change_form(opts):
    """The change form template the admin would use without ours (which extends it)."""
    return Engine.get_default().select_template(
        [
            f"admin/{opts.app_label}/{opts.model_name}/change_form.html",
            f"admin/{opts.app_label}/change_form.html",
            "admin/change_form.html",
        ]
    )


class PipelineArticleAdmin(ArticleAdmin):
    change_form_template = "pipeline/article_change_form.html"

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        return [*columns[:2], stage_column(), "due_column", *columns[2:]]

    def get_list_filter(self, request):
        return [StageFilter, *super().get_list_filter(request)]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("assignment__stage", "assignment__assignee")
        )

    @admin.display(description="due", ordering="assignment__due_date")
    def due_column(self, article):
        assignment = getattr(article, "assignment", None)
        if assignment is None or assignment.due_date is None:
            return "–"
        day = date_format(assignment.due_date, "D j M")
        if assignment.is_overdue:
            return format_html('<strong class="overdue">{} (overdue)</strong>', day)
        return day

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            # A post written straight in the admin starts in Writing, with its writer.
            Assignment.objects.get_or_create(
                article=obj,
                defaults={
                    "stage": workflow.stage(Stage.Kind.WRITING),
                    "assignee": request.user,
                    "stage_changed_by": request.user,
                },
            )

    def response_add(self, request, obj, post_url_continue=None):
        if SUBMIT in request.POST:
            return self.submit_for_review(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if workflow.started_writing(request.user, obj):
            self.message_user(request, "Moved to Writing.", messages.INFO)
        if SUBMIT in request.POST:
            return self.submit_for_review(request, obj)
        return super().response_change(request, obj)

    def submit_for_review(self, request, obj):
        """The form was saved; now In review, and its editor is told."""
        try:
            workflow.submit(request.user, obj)
        except workflow.Refused as refusal:
            self.message_user(request, f"Saved, but not submitted: {refusal}", messages.ERROR)
        else:
            self.message_user(
                request,
                f"“{obj}” is submitted for review: its editor has been told.",
                messages.SUCCESS,
            )
        return redirect(reverse("admin:articles_article_change", args=[obj.pk]))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["pipeline_base_template"] = base_change_form(self.model._meta)
        context["pipeline"] = workflow_panel(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)


def workflow_panel(request, article):
    """What the panel above the post form and the notes under it show, and which moves
    they offer to this user."""
    user = request.user
    if article is None or article.pk is None:
        return {
            "stages": Stage.objects.all(),
            "current": Stage.Kind.WRITING,
            "new": True,
            "can_submit": True,
        }
    assignment = getattr(article, "assignment", None)
    kind = stage_kind_of(article, assignment)
    commissioning = may_commission(user)
    changeable = may_change(user, article)
    panel = {
        "assignment": assignment,
        "stages": Stage.objects.all(),
        "current": kind,
        "scheduled": article.is_scheduled,
        "can_submit": changeable and kind in workflow.SUBMITTABLE,
        "can_send_back": commissioning and changeable and kind in workflow.SENDABLE_BACK,
        "can_mark_ready": may_publish(user, article) and kind in workflow.APPROVABLE,
        "can_assign": commissioning and changeable and kind in workflow.OPEN,
        "threads": notes.threads_of(article),
        "mention_hint": notes.mention_hint(article, exclude=user),
    }
    if panel["can_assign"]:
        panel["assign_form"] = AssignForm(
            people=workflow.assignable_people(),
            initial={
                "assignee": assignment.assignee_id if assignment else None,
                "due_date": assignment.due_date if assignment else None,
            },
        )
    if panel["can_send_back"]:
        panel["send_back_form"] = SendBackForm()
    return panel


if admin.site.is_registered(Article):
    admin.site.unregister(Article)
admin.site.register(Article, PipelineArticleAdmin)
