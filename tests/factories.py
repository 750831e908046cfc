from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import Article, ArticleAuthor, ArticleUpdate, Author, RelatedLink, Tag
from pages.models import Page


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StaffFactory(UserFactory):
    is_staff = True


class SuperuserFactory(StaffFactory):
    is_superuser = True


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Reporter {n}")
    bio = "Writes about public-sector IT."


class ArticleFactory(factory.django.DjangoModelFactory):
    """A live post (published an hour ago) by one author."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Council shared services report {n}")
    standfirst = "A short standfirst."
    body = "<p>The council published its annual shared-services report.</p>"
    status = Article.Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    class Params:
        draft = factory.Trait(status=Article.Status.DRAFT)
        scheduled = factory.Trait(
            publish_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=2))
        )

    @factory.post_generation
    def authors(obj, create, extracted, **kwargs):
        if not create:
            return
        authors = extracted if extracted is not None else [AuthorFactory()]
        for position, author in enumerate(authors):
            ArticleAuthor.objects.create(article=obj, author=author, position=position)

    @factory.post_generation
    def tags(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.tags.add(*extracted)
            # The first tag given leads the post, as the admin's form has it.
            first = getattr(extracted[0], "name", extracted[0])
            obj.main_tag = Tag.objects.filter(name__iexact=first).first()
            Article.objects.filter(pk=obj.pk).derived_update(main_tag=obj.main_tag)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            # Bylines and tags were added after the post was saved: read back the copies
            # of their names that the database now holds (articles/derived.py).
            instance.refresh_from_db(fields=["byline_names", "byline_photos", "tag_names"])


class RelatedLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RelatedLink

    article = factory.SubFactory(ArticleFactory)
    related = factory.SubFactory(ArticleFactory)
    position = factory.Sequence(int)


class ArticleUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticleUpdate

    article = factory.SubFactory(ArticleFactory)
    note = "The council has since confirmed the figures."


class PageFactory(factory.django.DjangoModelFactory):
    """A published page, in no menu."""

    class Meta:
        model = Page

    title = factory.Sequence(lambda n: f"About the newsroom {n}")
    slug = factory.Sequence(lambda n: f"about-page-{n}")
    body = "<p>We report on public-sector IT and public-service reform.</p>"
    status = Page.Status.PUBLISHED
