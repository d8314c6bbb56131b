"""Domain signals of the blogs app; higher apps (comments, notifications) connect to them.

post_published(post): sent once, when a post first becomes published (now or scheduled).
"""

from django.dispatch import Signal

post_published = Signal()
