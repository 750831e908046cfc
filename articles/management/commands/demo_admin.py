import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

USERNAME = "admin"


class Command(BaseCommand):
    help = (
        "Make sure a local superuser exists for the demo site and print how to log in. "
        "Its password is random, made once per checkout and kept in .demo-admin-password."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site", default="http://127.0.0.1:8000", help="where the site is served"
        )

    def handle(self, *args, **options):
        password_file = settings.BASE_DIR / ".demo-admin-password"
        User = get_user_model()
        user = User.objects.filter(username=USERNAME).first()
        if user is None or not password_file.exists():
            password = secrets.token_urlsafe(12)
            if user is None:
                user = User.objects.create_superuser(USERNAME, email="", password=password)
            else:
                user.set_password(password)
                user.save(update_fields=["password"])
            password_file.write_text(password)
            password_file.chmod(0o600)
        password = password_file.read_text().strip()
        self.stdout.write(
            f"\nAdmin: {options['site'].rstrip('/')}/admin/\n"
            f"  username: {USERNAME}\n"
            f"  password: {password}   (kept in {password_file.name}; delete it for a new one)\n"
        )
