import datetime
import smtplib

from django.core.mail import get_connection
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from ...digests import Period, period_content, recipients, send_digest, today
from ...models import Digest


class Command(BaseCommand):
    help = "Sends the daily or weekly digest for the last whole period. Safe to run again: nobody gets one twice."

    def add_arguments(self, parser):
        parser.add_argument("--period", choices=[Digest.DAILY, Digest.WEEKLY], required=True)
        parser.add_argument("--today", dest="day", help="pretend it is this date (YYYY-MM-DD), e.g. to catch up")

    def handle(self, *args, period, day=None, **options):
        try:
            day = datetime.date.fromisoformat(day) if day else today()
        except ValueError as error:
            raise CommandError(f"--today: {error}") from error
        window = Period.ending_before(period, day)
        shared = period_content(window)
        people = recipients(period)
        sent = failed = 0
        connection = get_connection()  # opened at the first send, so a server that is down fails per person
        for person in tqdm(people, desc=f"{period} digest", unit="person", disable=options["verbosity"] < 1):
            try:
                sent += send_digest(person, window, shared, connection)
            except (smtplib.SMTPException, OSError) as error:
                failed += 1
                self.stderr.write(f"{person.username}: {error}")
        self.stdout.write(
            f"{period} digest {window.start:%Y-%m-%d}–{window.end:%Y-%m-%d}: {sent} sent, "
            f"{len(people) - sent - failed} already sent, {failed} failed."
        )
        if failed:
            raise CommandError(f"{failed} digest(s) could not be sent; run again to retry them.")
