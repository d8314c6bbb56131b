"""Search that speaks Dutch: posts, comments, agreements, colleagues and tags.

One index (search.models.Document) written in the same transaction as what it describes, through
the receivers of the write path's signals (search/receivers.py); one read function
(search.services.search) that applies each app's own read rule at query time; one backend per
database vendor (search/backends/) that knows how to match, rank and highlight.
"""
