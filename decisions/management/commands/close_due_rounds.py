from django.core.management.base import BaseCommand

from decisions.followup import catch_up


class Command(BaseCommand):
    help = "Close consent rounds past their deadline and send reminders that are due; safe to run twice."

    def handle(self, *args, **options):
        done = catch_up()
        self.stdout.write(
            f"{done['closed']} rounds closed, {done['reminded']} round reminders, "
            f"{done['agreement_reminders']} agreement reminders"
        )
