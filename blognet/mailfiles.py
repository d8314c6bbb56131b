"""E-mail into files, for trying Blognet out (`dev.py run`): each message is a file of its own in
EMAIL_FILE_PATH (a .eml that any mail program opens, links and HTML part included), and the
terminal gets one line per message instead of the whole MIME text the console backend prints:

    Mail aan wilma@bibliotheek.example: Bob reageerde op je bericht „Leesclub” (sent-mail/….eml)

Django's own file backend writes every message of a connection into one .log file, which no mail
program opens; a digest run would put all its mails in one.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        folder = Path(settings.EMAIL_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            path = folder / f"{timezone.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}.eml"
            path.write_bytes(message.message().as_bytes())
            shown = path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path
            print(f"Mail aan {', '.join(message.recipients())}: {message.subject} ({shown})", flush=True)
        return len(email_messages)
