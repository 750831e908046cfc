"""The briefings app's models: briefings with their sections and entries, and their
history (recorded changes, inbox dismissals)."""

from briefings.models.briefings import (
    Briefing,
    BriefingQuerySet,
    Entry,
    EntryQuerySet,
    Section,
    TaggedBriefing,
    WebURLField,
    entries_follow_briefing,
    entries_follow_section,
    entry_restored,
    last_updated_on_history,
    last_updated_on_save,
    refresh_last_updated,
    sync_entry_dates,
    web_url_validator,
)
from briefings.models.history import BriefingChange, BriefingChangeQuerySet, InboxDismissal

__all__ = [
    "Briefing",
    "BriefingChange",
    "BriefingChangeQuerySet",
    "BriefingQuerySet",
    "Entry",
    "EntryQuerySet",
    "InboxDismissal",
    "Section",
    "TaggedBriefing",
    "WebURLField",
    "entries_follow_briefing",
    "entries_follow_section",
    "entry_restored",
    "last_updated_on_history",
    "last_updated_on_save",
    "refresh_last_updated",
    "sync_entry_dates",
    "web_url_validator",
]
