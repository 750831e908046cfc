"""Helpers for the pipeline's tests (the `newsroom` and `act` fixtures are in conftest)."""

from django.contrib.messages import get_messages
from django.urls import reverse

from pipeline.models import Assignment, Stage

DESK = reverse("admin:index")
PITCH = reverse("pipeline:pitch")
CALENDAR = reverse("pipeline:calendar")
MOVE = reverse("pipeline:move")


def action_url(name, article):
    return reverse(f"pipeline:{name}", args=[article.pk])


def stage_of(article):
    return Assignment.objects.get(article=article).stage.kind


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


KIND = Stage.Kind
