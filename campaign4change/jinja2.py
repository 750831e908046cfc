"""The public site's template engine: Jinja2, with Django's URLs, static files and dates.

The reading site renders with Jinja2 because Django's template language cost a post page
more than all of its queries did (docs/benchmark.md); the admin keeps Django's
templates. Jinja2 templates live in jinja2/ folders (the project's and each app's),
Django's in templates/ folders, as Django's own conventions have it.

Each installed app may add functions and filters for templates in a module named
`template_globals` (GLOBALS and FILTERS dicts), as Django apps add template tags in
`templatetags`: so briefings/ can add "Featured in" to article pages without articles/
knowing of briefings.
"""

import functools
from datetime import datetime
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaultfilters
from django.templatetags.static import static
from django.utils import dateformat, timezone
from django.utils.dates import MONTHS
from django.utils.timezone import template_localtime
from jinja2 import Environment, Undefined

from campaign4change.images import picture
from campaign4change.links import cached_reverse
from campaign4change.recency import days_ago


@functools.lru_cache(maxsize=512)
def cached_static(path):
    """static(path), remembered: a file's (hashed) address cannot change while the
    process runs (collectstatic comes before a deployment starts), and working it out
    costs every page a look-up in the manifest and URL quoting per file it links."""
    return static(path)


@receiver(setting_changed)
def forget_static(setting, **kwargs):
    if setting in {"STORAGES", "STATIC_URL", "STATIC_ROOT"}:  # tests change them
        cached_static.cache_clear()


def now(format_string):
    return dateformat.format(timezone.localtime(), format_string)


def date(value, format_string=None):
    """Django's |date, in the current time zone as Django's templates show it."""
    if not value:  # None, "" or missing, as Django's |date allows
        return ""
    value = template_localtime(value)
    if format_string == "j F Y" and hasattr(value, "year"):
        # Every listed post shows its date so: Django's formatter takes ten times longer
        # (it parses the format string each time) to write the same thing.
        return f"{value.day} {MONTHS[value.month]} {value.year}"
    return defaultfilters.date(value, format_string)


def machine_date(value):
    """A date or time as a <time datetime> or a meta tag wants it: ISO 8601, to the
    second, in the site's time zone ("2026-12-03T06:44:53+00:00"). HTML allows at most
    three digits after the seconds, and readers never need them."""
    if not value:
        return ""
    if isinstance(value, datetime):
        return template_localtime(value).replace(microsecond=0).isoformat()
    return value.isoformat()


def linebreaksbr(value):
    return defaultfilters.linebreaksbr(value, autoescape=True)


GLOBALS = {"url": cached_reverse, "static": cached_static, "now": now, "picture": picture}
FILTERS = {
    "date": date,
    "machine_date": machine_date,
    "linebreaksbr": linebreaksbr,
    "truncatewords": defaultfilters.truncatewords,
    "truncatechars": defaultfilters.truncatechars,
    "pluralize": defaultfilters.pluralize,
    "capfirst": defaultfilters.capfirst,
    "days_ago": days_ago,
}


def app_template_globals():
    """(globals, filters): the site's own, and those of the apps' template_globals.

    A name given twice is an error, not a silent replacement of someone else's.
    """
    found_globals, found_filters = dict(GLOBALS), dict(FILTERS)
    for app in apps.get_app_configs():
        name = f"{app.name}.template_globals"
        if find_spec(name) is None:
            continue
        module = import_module(name)
        for found, added in (
            (found_globals, getattr(module, "GLOBALS", {})),
            (found_filters, getattr(module, "FILTERS", {})),
        ):
            if clash := found.keys() & added.keys():
                raise ImproperlyConfigured(f"{name} redefines {', '.join(sorted(clash))}")
            found.update(added)
    return found_globals, found_filters


def environment(**options):
    options.pop("autoescape", None)  # Django's default is True; never anything else
    # As in production whatever DEBUG says (Django would print missing names when
    # DEBUG is on): a page that renders in the tests renders the same in development.
    options["undefined"] = Undefined
    options["keep_trailing_newline"] = True  # files end as written (robots.txt)
    env = Environment(autoescape=True, **options)
    template_globals, template_filters = app_template_globals()
    env.globals.update(template_globals)
    env.filters.update(template_filters)
    return env
