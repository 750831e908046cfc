"""A large, believable synthetic site for the benchmark, built with bulk inserts.

Words are drawn from the site's own subject (public-sector IT and reform), tags are
used with a Zipf-like frequency (a few tags on thousands of posts, most on a handful),
so that archives and search meet the same skew as on a real blog.
"""

import itertools
import random
import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from articles.derived import refresh_derived_fields
from articles.models import (
    Article,
    ArticleAuthor,
    ArticleUpdate,
    Author,
    RelatedLink,
    Tag,
    TaggedArticle,
)
from campaign4change import pagecache
from campaign4change.text import excerpt_from_html, readable_slugify

# Word lists are written as text (easier to read and extend than list literals).

FIRST_NAMES = """
Helen Tom Ruth Amira Daniel Grace Owen Priya Callum Nadia Simon Aisha Mark Fiona
Kwame Laura Rhys Mei Patrick Sofia Gareth Yusuf Claire Ben
""".split()
LAST_NAMES = """
Marsh Okafor Abernethy Khan Rees Whitfield Doyle Sharma MacLeod Haddad Price Bello
Turner Gallagher Mensah Byrne Evans Chen Quinn Moreno Lloyd Farah Nolan Hughes
""".split()

SUBJECTS = """
council trust department agency ministry authority board academy hospital partnership
cooperative mutual consortium supplier contractor programme
""".split()
TOPICS = """
outsourcing insourcing procurement shared-services cloud data digital identity
payroll pensions benefits housing transport policing courts prisons probation
libraries leisure social-care children's-services health education broadband
cybersecurity open-source licensing audit governance transparency accessibility
contracts frameworks tenders spin-outs mutuals employee-ownership pathfinders
commissioning budgets efficiency savings legacy mainframes migration platforms apis
records archives elections planning waste recycling energy estates
""".split()
VERBS = """
launches delays scraps extends renews publishes reviews cancels awards approves
questions defends expands merges replaces pilots outsources insources
""".split()
PLACES = """
Northmoor Eastbridge Westhaven Kingsford Ashdale Brookfield Harrowgate Millbrook
Stonebridge Oakhampton Redcliffe Fairmead Glenwood Hollowell Lakeside Thornbury
""".split()
WORDS = """
the a of to and in for on with that by from as is was are were be has have had will
would could should may might council government minister officials report contract
supplier service services staff public sector project programme system systems data
digital technology budget cost costs million savings years year month review audit
committee board chief executive director manager team plan plans strategy policy
reform change changes local national central department agency users citizens
residents patients pupils families workers union unions mutual mutuals cooperative
employee owned ownership spin-out pathfinder procurement tender framework cloud
platform legacy mainframe migration open source licence licensing security breach
outage delay delays overrun overspend scrutiny transparency freedom information
request published announced confirmed warned said told according expected planned
launched cancelled extended renewed awarded approved rejected questioned defended
efficiency value money taxpayers contractors consultants outsourcing insourcing
shared payroll pensions housing benefits transport health care social schools
libraries leisure courts prisons policing probation records
""".split()

TAG_HEADS = """
Outsourcing,Insourcing,Procurement,Shared Services,Cloud,Open Data,Digital Identity,
Payroll,Pensions,Housing,Transport,Policing,Courts,Prisons,Probation,Libraries,
Social Care,Health,Education,Broadband,Cybersecurity,Open Source,Audit,Governance,
Mutuals,Spin-outs,Pathfinders,Commissioning,Budgets,Savings,Legacy IT,Migration,
Platforms,NHS IT,Local Government,Whitehall,Welfare,Elections,Planning,Waste
""".replace("\n", "").split(",")
TAG_TAILS = """
Reform Policy Contracts Programmes Strategy Funding Review Pilots Frameworks
Suppliers Projects Standards Scrutiny Delivery Transparency Partnerships
""".split()


@dataclass
class Plan:
    posts: int = 20_000
    authors: int = 20
    tags: int = 1_000
    briefings: int = 50
    entries_per_briefing: int = 30
    years: int = 10
    seed: int = 7
    batch_size: int = 2_000
    timings: dict = field(default_factory=dict)


class Builder:
    def __init__(self, plan, progress=None, log=print):
        self.plan = plan
        self.random = random.Random(plan.seed)
        self.progress = progress  # progress(iterable_total) -> context with .update(n)
        self.log = log
        self.paragraphs = [self._paragraph() for _ in range(400)]

    # text

    def _sentence(self):
        words = self.random.choices(WORDS, k=self.random.randint(12, 22))
        words[0] = words[0].capitalize()
        if self.random.random() < 0.3:
            words.insert(self.random.randint(1, len(words) - 1), self.random.choice(PLACES))
        if self.random.random() < 0.4:
            words.insert(self.random.randint(1, len(words) - 1), self.random.choice(TOPICS))
        return " ".join(words) + "."

    def _paragraph(self):
        return "<p>" + " ".join(self._sentence() for _ in range(self.random.randint(4, 7))) + "</p>"

    def title(self):
        return (
            f"{self.random.choice(PLACES)} {self.random.choice(SUBJECTS)} "
            f"{self.random.choice(VERBS)} {self.random.choice(TOPICS).replace('-', ' ')} "
            f"{self.random.choice(['plan', 'contract', 'review', 'programme', 'deal', 'pilot'])}"
        ).capitalize()

    def body(self):
        # ~800 words: eight paragraphs of ~100 words, a heading and a link.
        paragraphs = self.random.sample(self.paragraphs, 8)
        paragraphs.insert(4, f"<h2>What {self.random.choice(TOPICS)} means here</h2>")
        paragraphs.append(
            '<p>Read the <a href="https://www.example.org/reports/'
            f'{self.random.randint(1, 99999)}">full report</a>.</p>'
        )
        return "\n".join(paragraphs)

    # phases

    def timed(self, name, function, *args):
        started = time.perf_counter()
        result = function(*args)
        self.plan.timings[name] = round(time.perf_counter() - started, 2)
        return result

    def build(self):
        started = time.perf_counter()
        authors = self.timed("authors", self.make_authors)
        tags = self.timed("tags", self.make_tags)
        article_ids = self.timed("posts", self.make_posts, authors, tags)
        self.timed("related links and updates", self.make_extras, article_ids)
        self.timed("briefings", self.make_briefings, article_ids)
        self.timed("derived fields", self.refresh_derived)
        self.timed("analyze", self.analyze)
        pagecache.invalidate_all()
        self.plan.timings["total"] = round(time.perf_counter() - started, 2)
        return self.plan.timings

    def make_authors(self):
        names = set()
        while len(names) < self.plan.authors:
            names.add(f"{self.random.choice(FIRST_NAMES)} {self.random.choice(LAST_NAMES)}")
        authors = [
            Author(
                name=name,
                slug=readable_slugify(name),
                bio=f"{name.split()[0]} writes about {self.random.choice(TOPICS)}.",
            )
            for name in sorted(names)
        ]
        return Author.objects.bulk_create(authors)

    def make_tags(self):
        combinations = sorted(
            {f"{head} {tail}" for head in TAG_HEADS for tail in TAG_TAILS}, key=str.lower
        )
        self.random.shuffle(combinations)
        names = []
        for n in range(self.plan.tags):
            rounds, index = divmod(n, len(combinations))
            names.append(combinations[index] + (f" {rounds + 1}" if rounds else ""))
        tags = [Tag(name=name, slug=readable_slugify(name, max_length=90)) for name in names]
        return Tag.objects.bulk_create(tags)

    def make_posts(self, authors, tags):
        plan = self.plan
        now = timezone.now()
        span = timedelta(days=365 * plan.years).total_seconds()
        # Zipf-like: the tag of rank r is used in proportion to 1/r.
        tag_weights = list(itertools.accumulate(1 / rank for rank in range(1, len(tags) + 1)))
        author_weights = list(
            itertools.accumulate(1 / rank**0.5 for rank in range(1, len(authors) + 1))
        )
        article_ids = []
        bar = self.progress(plan.posts) if self.progress else None
        for start in range(0, plan.posts, plan.batch_size):
            count = min(plan.batch_size, plan.posts - start)
            articles = []
            for n in range(start, start + count):
                title = self.title()
                roll = self.random.random()
                status = Article.Status.DRAFT if roll < 0.01 else Article.Status.PUBLISHED
                publish_at = now - timedelta(seconds=self.random.random() * span)
                if 0.01 <= roll < 0.015:
                    publish_at = now + timedelta(days=self.random.randint(1, 30))
                articles.append(
                    Article(
                        title=title,
                        slug=f"{readable_slugify(title)[:180]}-{n + 1}",
                        standfirst="" if n % 3 else self._sentence(),
                        body=self.body(),
                        status=status,
                        publish_at=publish_at,
                    )
                )
            Article.objects.bulk_create(articles)
            bylines, taggings = [], []
            for article in articles:
                chosen = self._distinct(authors, author_weights, self.random.randint(1, 3))
                date = article.listing_date
                bylines += [
                    ArticleAuthor(
                        article=article, author=author, position=position, article_publish_at=date
                    )
                    for position, author in enumerate(chosen)
                ]
                chosen = self._distinct(tags, tag_weights, self.random.randint(3, 5))
                taggings += [
                    TaggedArticle(content_object=article, tag=tag, article_publish_at=date)
                    for tag in chosen
                ]
            ArticleAuthor.objects.bulk_create(bylines)
            TaggedArticle.objects.bulk_create(taggings)
            article_ids += [article.pk for article in articles]
            if bar:
                bar.update(count)
        if bar:
            bar.close()
        return article_ids

    def _distinct(self, population, cumulative_weights, k):
        chosen = {}
        while len(chosen) < k:
            item = self.random.choices(population, cum_weights=cumulative_weights)[0]
            chosen[item.pk] = item
        return list(chosen.values())

    def make_extras(self, article_ids):
        links, updates = [], []
        for article_id in self.random.sample(article_ids, len(article_ids) // 4):
            targets = {self.random.choice(article_ids) for _ in range(self.random.randint(1, 3))}
            targets.discard(article_id)
            links += [
                RelatedLink(article_id=article_id, related_id=target, position=position)
                for position, target in enumerate(targets)
            ]
        for article_id in self.random.sample(article_ids, len(article_ids) // 20):
            updates.append(
                ArticleUpdate(article_id=article_id, note="The figures were later confirmed.")
            )
        RelatedLink.objects.bulk_create(links, batch_size=self.plan.batch_size)
        ArticleUpdate.objects.bulk_create(updates, batch_size=self.plan.batch_size)

    def make_briefings(self, article_ids):
        """Briefings of ~30 entries in three sections: posts and external links."""
        from briefings.models import Briefing, BriefingChange, Entry, Section, TaggedBriefing

        plan = self.plan
        if plan.briefings < 1:
            return
        tags = list(Tag.objects.order_by("pk")[:100])
        authors = list(Author.objects.all())
        public_ids = list(
            Article.objects.published().filter(pk__in=article_ids).values_list("pk", flat=True)
        )
        introductions = [self.random.choice(self.paragraphs) for _ in range(plan.briefings)]
        briefings = Briefing.objects.bulk_create(
            Briefing(
                title=f"{tag.name} Briefing",
                slug=f"{tag.slug}-briefing",
                introduction=introduction,
                # bulk_create skips save(), which derives the summary.
                summary=excerpt_from_html(introduction, words=35),
                status=Briefing.Status.PUBLISHED,
                published_at=timezone.now() - timedelta(days=self.random.randint(30, 900)),
            )
            for tag, introduction in zip(
                self.random.sample(tags, min(plan.briefings, len(tags))),
                introductions,
                strict=False,
            )
        )
        sections, topics, changes = [], [], []
        for briefing in briefings:
            topics.append(TaggedBriefing(content_object=briefing, tag=self._tag_of(briefing, tags)))
            for position, title in enumerate(("Announcements", "Analysis", "Reading list")):
                sections.append(Section(briefing=briefing, title=title, position=position))
            for _ in range(self.random.randint(1, 4)):
                changes.append(
                    BriefingChange(
                        briefing=briefing,
                        notable=True,
                        note="Updated with the latest reports.",
                        created_at=timezone.now() - timedelta(days=self.random.randint(1, 700)),
                    )
                )
        Section.objects.bulk_create(sections)
        TaggedBriefing.objects.bulk_create(topics)
        BriefingChange.objects.bulk_create(changes)
        Briefing.curators.through.objects.bulk_create(
            Briefing.curators.through(briefing_id=briefing.pk, author_id=author.pk)
            for briefing in briefings
            for author in self.random.sample(authors, min(2, len(authors)))
        )
        entries = []
        per_section = max(1, plan.entries_per_briefing // 3)
        for section in sections:
            chosen = self.random.sample(public_ids, min(len(public_ids), per_section))
            for position in range(per_section):
                if position % 5 < 3 and chosen:
                    entries.append(
                        Entry(section=section, position=position, article_id=chosen.pop())
                    )
                else:
                    number = self.random.randint(1, 99999)
                    entries.append(
                        Entry(
                            section=section,
                            position=position,
                            url=f"https://www.example.org/publications/{number}",
                            title=f"{self.title()} (report {number})",
                            source=self.random.choice(["Cabinet Office", "NAO", "LGA", "NHS"]),
                            note="Why it matters, in a line.",
                        )
                    )
        Entry.objects.bulk_create(entries, batch_size=plan.batch_size)

    def _tag_of(self, briefing, tags):
        return next(tag for tag in tags if briefing.slug == f"{tag.slug}-briefing")

    def refresh_derived(self):
        """Fields computed on save (save() is skipped by bulk inserts)."""
        refresh_derived_fields(self.progress, self.plan.batch_size)

    def analyze(self):
        vacuum_analyze()


def vacuum_analyze():
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Fresh statistics and visibility map: the planner sees the real skew.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def content_tables():
    """Tables holding site content, children first (for --reset)."""
    from briefings.models import Briefing, BriefingChange, Entry, Section, TaggedBriefing

    models = [
        Entry,
        Section,
        BriefingChange,
        TaggedBriefing,
        Briefing.curators.through,
        Briefing,
        ArticleUpdate,
        RelatedLink,
        TaggedArticle,
        ArticleAuthor,
        Article,
        Tag,
        Author,
    ]
    return [model._meta.db_table for model in models]
