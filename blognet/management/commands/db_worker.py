"""`manage.py db_worker`: django-tasks-db's worker, which also takes over the tasks of dead workers.

django-tasks-db marks a task RUNNING when a worker takes it and never looks at it again, so a
worker killed in the middle (kill -9, an OOM kill, systemd's SIGKILL after a hung send) leaves its
task RUNNING for ever and the mail unsent. This command puts tasks that have been RUNNING for longer
than BLOGNET_TASK_STALE_AFTER seconds back in the queue: when it starts, and every half of that
while it runs. Django runs the first installed app's command of a name, and "blognet" comes before
"django_tasks_db" in INSTALLED_APPS.

A task may therefore run twice, so every task must be safe to run again: the e-mail tasks check
`emailed_at` (notifications/emails.py), announce_post the notifications already made.
"""

import logging
import threading
import time

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


def requeue_stale_tasks(backend_name):
    """Put the tasks whose worker stopped answering back in the queue; returns how many."""
    started_before = timezone.now() - timezone.timedelta(seconds=settings.BLOGNET_TASK_STALE_AFTER)
    stale = DBTaskResult.objects.running().filter(backend_name=backend_name, started_at__lt=started_before)
    requeued = stale.update(status=TaskResultStatus.READY)
    if requeued:
        logger.warning("%d task(s) RUNNING since before %s put back in the queue", requeued, started_before)
    return requeued


class Command(db_worker.Command):
    help = db_worker.Command.help + ", taking over tasks left RUNNING by a worker that died"

    def handle(self, *args, **options):
        requeue_stale_tasks(options["backend_name"])
        if not options["batch"]:
            # A thread of its own: the worker's loop may be busy with one task for a long time.
            threading.Thread(target=self.keep_requeueing, args=[options["backend_name"]], daemon=True).start()
        super().handle(*args, **options)

    def keep_requeueing(self, backend_name):
        while True:
            time.sleep(settings.BLOGNET_TASK_STALE_AFTER / 2)
            try:
                requeue_stale_tasks(backend_name)
            except DatabaseError:
                logger.exception("Could not look for tasks left by a dead worker; trying again later")
            finally:
                connection.close()
