"""Domain signals of the comments app; notifications connects to them.

comment_posted(comment, mentioned): sent once per new comment, after it is saved, with the
    colleagues it @mentions (a list of users, the author left out).
post_mentions_recorded(post, mentioned): sent each time a published or scheduled post was saved
    and its mentions recorded, with the colleagues it mentions for the first time.
comment_saved(comment): sent by every service that writes a comment (added, edited, removed,
    restored), inside its transaction: for what keeps a copy of the comment (search).
reactions_changed(post, comment, actor, added): sent after someone reacted to a post (comment
    None) or a comment, changed or took back their reaction; `added` is True when they had none
    on it before. The reactions on the item are as they are now.
"""

from django.dispatch import Signal

comment_posted = Signal()
comment_saved = Signal()
post_mentions_recorded = Signal()
reactions_changed = Signal()
