"""Domain signals of the comments app; notifications connects to them.

comment_posted(comment, mentioned): sent once per new comment, after it is saved, with the
    colleagues it @mentions (a list of users, the author left out).
"""

from django.dispatch import Signal

comment_posted = Signal()
