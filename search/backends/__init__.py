"""The search backend for the database in use: chosen once by vendor, never by a view.

A backend prepares the two indexed columns of a Document (`prepare`), narrows a queryset of
Documents to the ids of those matching a parsed Query, best first (`match`: what is paginated),
reads a page's Documents whole in one query (`load`), and gives each its highlighted title and
snippet (`highlight`).
"""

from functools import cache

from django.db import connection


@cache
def _backend(vendor):
    if vendor == "postgresql":
        from . import postgresql as module
    else:
        from . import sqlite as module
    return module


def backend():
    return _backend(connection.vendor)
