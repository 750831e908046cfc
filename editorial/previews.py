"""Which kinds of content can be shown through a preview link, and how.

An app registers a model with the detail view that shows it to readers; the preview
renders that same view for the linked object, so a reviewer sees exactly the page the
public will see. `is_public(obj)` says when the object no longer needs a preview.
"""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Previewable:
    view_class: Any
    is_public: Any
    queryset: Any = None


_registry = {}


def register(model, view_class, is_public, queryset=None):
    """Let drafts of `model` be previewed with `view_class` (a DetailView)."""
    _registry[model._meta.label_lower] = Previewable(view_class, is_public, queryset)


def get(model):
    return _registry.get(model._meta.label_lower)


def is_previewable(model):
    return get(model) is not None


def render(request, obj, link):
    """Render `obj` with its public detail view, as a preview through `link`."""
    entry = get(type(obj))
    if entry.queryset is not None:
        obj = entry.queryset().get(pk=obj.pk)
    view = entry.view_class()
    view.setup(request, pk=obj.pk)
    view.object = obj
    context = view.get_context_data(object=obj, preview_link=link)
    return view.render_to_response(context)
