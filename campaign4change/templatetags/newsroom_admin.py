"""Admin page titles in words people use: "Articles", not "Select article to change";
"Edit article", not "Change article" (and never "Change change")."""

from django import template
from django.utils.text import capfirst

register = template.Library()


@register.simple_tag(takes_context=True)
def admin_title(context):
    """The page's title, from what the page shows rather than Django's stock phrases."""
    changelist = context.get("cl")
    opts = context.get("opts")
    if changelist is not None and "is_popup" in context:
        if context["is_popup"]:
            return f"Choose {changelist.opts.verbose_name}"
        return capfirst(changelist.opts.verbose_name_plural)
    if opts is not None and context.get("change") and context.get("has_change_permission"):
        return f"Edit {opts.verbose_name}"
    return context.get("title", "")
