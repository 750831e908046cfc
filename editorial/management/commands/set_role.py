from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.models import Author
from editorial.roles import ROLES, assign_role, role_of


class Command(BaseCommand):
    help = (
        "Give a user a newsroom role (Contributor, Journalist or Editor), making them "
        "staff; 'none' removes their role. --author links the byline they write under."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", help=f"one of: {', '.join(ROLES)}, none")
        parser.add_argument(
            "--author",
            metavar="NAME_OR_SLUG",
            help="The author (byline) this user writes as; created if no author has "
            "that name or slug. Contributors and journalists own the posts that carry it.",
        )

    @transaction.atomic
    def handle(self, username, role, author=None, **options):
        roles = {name.lower(): name for name in ROLES}
        if role.lower() != "none" and role.lower() not in roles:
            raise CommandError(f"Unknown role {role!r}: choose one of {', '.join(ROLES)}, none.")
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        assign_role(user, roles.get(role.lower()))
        if author:
            self.link_author(user, author)
        self.stdout.write(f"{username} is now: {role_of(user) or 'no newsroom role'}.")
        if role_of(user) in ("Contributor", "Journalist") and not hasattr(user, "author"):
            self.stdout.write(
                self.style.WARNING(
                    "This user is not linked to an author yet, so they own no posts: "
                    "use --author NAME (or set the user on the author in the admin)."
                )
            )

    def link_author(self, user, name_or_slug):
        author = (
            Author.objects.filter(slug=name_or_slug).first()
            or Author.objects.filter(name__iexact=name_or_slug).first()
            or Author(name=name_or_slug)
        )
        if author.user_id not in (None, user.pk):
            raise CommandError(f"{author.name} is already linked to {author.user}.")
        Author.objects.filter(user=user).exclude(pk=author.pk).update(user=None)
        author.user = user
        author.save()
        self.stdout.write(f"{user.username} writes as {author.name}.")
