"""The search backend for the database in use: chosen once by vendor, never by a view.

A backend prepares the two indexed columns of a Document (`prepare`), narrows a queryset of
Documents to those matching a parsed Query with the best first (`match`), and gives each
Document of a page its highlighted title and snippet (`highlight`).
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
