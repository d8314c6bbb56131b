"""Domain signals of the blogs app; higher apps (comments, notifications) connect to them.

post_published(post): sent once, when a post is first published (now or scheduled for later).
post_edited(post): sent when a published or scheduled post is saved again.
post_saved(post): sent by every save_post, draft or published, announced or not (an import too),
    after its tags are set, inside its transaction: for what keeps a copy of the post (search).
"""

from django.dispatch import Signal

post_published = Signal()
post_edited = Signal()
post_saved = Signal()
