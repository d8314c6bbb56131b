"""Delivering one e-mail from the task worker, with a commit point, and trying again later.

Over SMTP, `deliver()` speaks the protocol step by step on Django's SMTP backend connection: MAIL
FROM, RCPT TO, DATA and the whole message, then `mark()` (the caller records the mail as sent, in
its own short transaction), and only then the final "." that makes the server accept the message.

- A worker that dies before the mark leaves an unfinished SMTP transaction, which the server throws
  away: nothing was delivered and nothing recorded, so the next attempt sends it once.
- A worker that dies after the mark never sends it again: at worst a message is lost in the instant
  between the mark and the ".", never sent twice.
- If the server refuses the ".", `unmark()` undoes the mark and the error goes to the caller, which
  tries again later. A server that goes silent after the "." may have taken the message: it counts
  as sent.

`send_from_task()` wraps it for a task: a failure queues the task again with a growing delay.

Nothing here runs inside a database transaction, and every step waits at most EMAIL_TIMEOUT seconds:
a mail server that never answers holds up one worker, never the database (STYLE.md 3.12).
"""

import logging
import re
import smtplib

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.core.mail.message import sanitize_address
from django.db import DatabaseError
from django.utils import timezone

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8


def retry_delay(attempt):
    """1, 2, 4, ... minutes, at most two hours."""
    return timezone.timedelta(minutes=min(2 ** (attempt - 1), 120))


def send_from_task(task, args, attempt, message, **marks):
    """`deliver(message, **marks)` as the task `task(*args, attempt)`; returns what happened.

    A failed delivery queues the task again after retry_delay(attempt), MAX_ATTEMPTS times in all.
    """
    try:
        return "sent" if deliver(message, **marks) else "already sent by another worker"
    # A DatabaseError comes from a mark that could not be written (SQLite locked for longer than its
    # timeout): its transaction was rolled back, so the mail is not sent and not marked.
    except (smtplib.SMTPException, OSError, DatabaseError) as error:
        if attempt >= MAX_ATTEMPTS:
            logger.error("Giving up on %s%r after %d attempts: %s", task.name, args, attempt, error)
            return "given up"
        logger.warning("%s%r failed (%s); trying again later", task.name, args, error)
        task.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(*args, attempt + 1)
        return "queued again"
    except (KeyboardInterrupt, SystemExit):
        # Stopped in the middle (a second Ctrl+C or SIGTERM): the worker records the task as failed
        # and would never run it again, so it goes back in the queue.
        task.enqueue(*args, attempt)
        raise


def deliver(message, mark=lambda: True, unmark=lambda: None):
    """Send `message`, calling `mark()` at the moment it counts as sent (see the module docstring).

    `mark()` returns False when the message must not go (someone else sent it): then nothing is
    delivered and deliver() returns False. SMTP failures raise smtplib.SMTPException or OSError.
    """
    backend = get_connection()
    if isinstance(backend, SmtpBackend):
        return _deliver_over_smtp(backend, message, mark, unmark)
    # The console (development) and locmem (tests) backends cannot half-send: mark first, so they
    # keep the same promise, never twice.
    if not mark():
        return False
    try:
        backend.send_messages([message])
    except Exception:
        unmark()
        raise
    return True


def _deliver_over_smtp(backend, message, mark, unmark):
    encoding = message.encoding or settings.DEFAULT_CHARSET
    sender = sanitize_address(message.from_email, encoding)
    recipients = [sanitize_address(address, encoding) for address in message.recipients()]
    # As smtplib's sendmail: a line starting with "." gets a second one, so it cannot end the data.
    data = re.sub(rb"(?m)^\.", b"..", message.message().as_bytes(linesep="\r\n"))
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    try:
        backend.open()
        server = backend.connection
        server.ehlo_or_helo_if_needed()
        _check(server.mail(sender), 250, smtplib.SMTPSenderRefused, sender)
        for recipient in recipients:
            code, reply = server.rcpt(recipient)
            if code not in (250, 251):
                raise smtplib.SMTPRecipientsRefused({recipient: (code, reply)})
        _check(server.docmd("DATA"), 354, smtplib.SMTPDataError)
        server.send(data)
        if not mark():
            return False  # hanging up before the "." below: the server drops this copy
        try:
            server.send(b".\r\n")
        except OSError:
            unmark()  # the "." never left: the server drops the message
            raise
        try:
            code, reply = server.getreply()
        except OSError as error:
            logger.warning("No answer after the end of a message to %s (%s); counted as sent", recipients, error)
            return True
        if code != 250:
            unmark()
            raise smtplib.SMTPDataError(code, reply)
        _quit(server)
        return True
    finally:
        if backend.connection is not None:
            # Without QUIT: in the middle of DATA it would be taken for message text.
            backend.connection.close()
            backend.connection = None


def _check(answer, expected, error, *details):
    code, reply = answer
    if code != expected:
        raise error(code, reply, *details)


def _quit(server):
    try:
        server.quit()
    except OSError:
        pass  # the message is delivered; a server that hangs up rudely changes nothing
