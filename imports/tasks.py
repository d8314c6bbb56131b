"""The import itself, run by `manage.py db_worker`: a large export takes longer than a request may."""

from django_tasks import task

from .uploads import run_pending


@task()
def run_import_task(pending_id):
    return run_pending(pending_id)
