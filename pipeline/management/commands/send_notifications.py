from django.core.management.base import BaseCommand

from pipeline.mail import deliver
from pipeline.models import Mail


class Command(BaseCommand):
    help = (
        "Send the notification emails that are due: those a save could not send (the mail "
        "server was down) and their retries. Run it from cron every minute or so."
    )

    def handle(self, *args, **options):
        total_sent = total_failed = 0
        while Mail.objects.due().exists():
            sent, failed = deliver(limit=100)
            total_sent, total_failed = total_sent + sent, total_failed + failed
            if failed or not sent:
                break  # the server is failing: the back-off decides when to try again
        waiting = Mail.objects.pending().count()
        self.stdout.write(
            f"Sent {total_sent} email(s); {total_failed} failed; {waiting} waiting for a retry."
        )
