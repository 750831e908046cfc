"""The briefings admin: a briefing's one screen, its entries, its history of saves."""

from briefings.admin import briefings, changes, entries  # noqa: F401 (registers)
