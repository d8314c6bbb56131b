"""Domain signals of the comments app; notifications connects to them.

comment_posted(comment, mentioned): sent once per new comment, after it is saved, with the
    colleagues it @mentions (a list of users, the author left out).
post_mentions_recorded(post, mentioned): sent each time a published or scheduled post was saved
    and its mentions recorded, with the colleagues it mentions for the first time.
reactions_changed(post, comment, actor, added): sent after someone reacted to a post (comment
    None) or a comment, changed or took back their reaction; `added` is True when they had none
    on it before. The reactions on the item are as they are now.
"""

from django.dispatch import Signal

comment_posted = Signal()
post_mentions_recorded = Signal()
reactions_changed = Signal()
