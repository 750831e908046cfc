"""The import's report: what it did with each kind of thing, and why anything was skipped."""

from collections import Counter, defaultdict


class Summary:
    """What the import did, per kind of thing, with the reason for everything skipped."""

    KINDS = [
        "authors",
        "tags",
        "posts",
        "pages",
        "attachments",
        "files in posts",
        "other items",
        "comments",
        "old addresses",
    ]
    OUTCOMES = ["created", "updated", "unchanged", "skipped"]
    MAX_EXAMPLES = 50

    def __init__(self):
        self.counts = defaultdict(Counter)
        self.reasons = {}  # (kind, reason) -> [count, a few examples]
        self.notes = []

    def add(self, kind, outcome, reason=None, example=None, count=1):
        self.counts[kind][outcome] += count
        if reason:
            entry = self.reasons.setdefault((kind, reason), [0, []])
            entry[0] += count
            if example and len(entry[1]) < self.MAX_EXAMPLES:
                entry[1].append(example)

    def count(self, kind, outcome):
        return self.counts[kind][outcome]

    def lines(self, examples=3):
        width = max(len(kind) for kind in self.KINDS)
        header = f"{'':<{width}}  " + "  ".join(f"{o:>9}" for o in self.OUTCOMES)
        lines = [header]
        for kind in self.KINDS:
            if not sum(self.counts[kind].values()):
                continue
            row = "  ".join(f"{self.counts[kind][o]:>9}" for o in self.OUTCOMES)
            lines.append(f"{kind:<{width}}  {row}")
        if self.reasons:
            lines.append("")
            lines.append("Skipped:")
        for (kind, reason), (count, named) in self.reasons.items():
            line = f"  {kind}: {count} {reason}"
            if named and examples:
                shown = "; ".join(named[:examples])
                more = f"; and {count - examples} more" if count > examples else ""
                line += f" — {shown}{more}"
            lines.append(line)
        if self.notes:
            lines.append("")
            lines.extend(self.notes)
        return lines
