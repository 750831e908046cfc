import factory

from briefings.models import Briefing, BriefingChange, Entry, Section
from tests.factories import ArticleFactory


class BriefingFactory(factory.django.DjangoModelFactory):
    """A published briefing with no sections yet."""

    class Meta:
        model = Briefing
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Shared Services Briefing {n}")
    introduction = "<p>The best reading on councils sharing their back offices.</p>"
    status = Briefing.Status.PUBLISHED

    class Params:
        draft = factory.Trait(status=Briefing.Status.DRAFT)

    @factory.post_generation
    def tags(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.tags.add(*extracted)

    @factory.post_generation
    def curators(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.curators.add(*extracted)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    briefing = factory.SubFactory(BriefingFactory)
    title = factory.Sequence(lambda n: f"Section {n}")
    position = factory.Sequence(int)


class ExternalEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entry

    section = factory.SubFactory(SectionFactory)
    position = factory.Sequence(int)
    url = factory.Sequence(lambda n: f"https://www.gov.uk/government/publications/report-{n}")
    title = factory.Sequence(lambda n: f"Progress report {n}")
    source = "Cabinet Office"


class ArticleEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entry

    section = factory.SubFactory(SectionFactory)
    position = factory.Sequence(int)
    article = factory.SubFactory(ArticleFactory)


class BriefingChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BriefingChange

    briefing = factory.SubFactory(BriefingFactory)
    notable = True
    note = "Updated to reflect the latest progress report."
