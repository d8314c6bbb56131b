"""Reading a list of colleagues (naam, e-mail, afdeling) for the import's dry run.

Excel in the Netherlands saves CSV with ";", other programs with ","; both are read, with or without
the byte order mark Excel puts before UTF-8. The first row names the columns; without a recognisable
header the columns are taken in the order naam, e-mail, afdeling.
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from blognet.text import xml_safe
from people.models import User

MAX_BYTES = 1024 * 1024
MAX_ROWS = 2000
HEADERS = {
    "name": {"naam", "name", "volledige naam"},
    "email": {"e-mail", "email", "e-mailadres", "emailadres", "mail"},
    "department": {"afdeling", "department", "afdeling of vestiging", "vestiging"},
}
LIMITS = {"name": 100, "department": 100, "email": 254}


class UnreadableFile(Exception):
    pass


@dataclass
class Row:
    line: int
    name: str
    email: str
    department: str
    problems: list = field(default_factory=list)
    existing: User | None = None

    def as_invitation(self):
        return {"name": self.name, "email": self.email, "department": self.department}


@dataclass
class DryRun:
    new: list
    existing: list
    wrong: list


def decode(data):
    if len(data) > MAX_BYTES:
        raise UnreadableFile(_("Het bestand is te groot: hooguit 1 MB."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile(
            _("Het bestand is geen UTF-8. Kies in Excel bij Opslaan als: CSV UTF-8 (door komma's gescheiden).")
        ) from None


def columns(header):
    """Which column holds which field, when `header` names them; None when it is no header."""
    found = {}
    for index, cell in enumerate(header):
        for key, names in HEADERS.items():
            if cell.strip().lower() in names:
                found.setdefault(key, index)
    return found if {"name", "email"} <= found.keys() else None


def read(text):
    """The rows of the file, each with what is wrong with it (if anything)."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise UnreadableFile(_("Het bestand is leeg."))
    delimiter = ";" if lines[0].count(";") >= lines[0].count(",") and ";" in lines[0] else ","
    try:
        records = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error:  # a NUL byte, or a quote left open: not a list made by a spreadsheet
        raise UnreadableFile(_("Dit bestand is geen leesbaar CSV-bestand.")) from None
    numbered = [(number, cells) for number, cells in enumerate(records, start=1) if any(c.strip() for c in cells)]
    if not numbered:
        raise UnreadableFile(_("Het bestand is leeg."))
    where = columns(numbered[0][1])
    if where is None:
        where = {"name": 0, "email": 1, "department": 2}
    else:
        numbered = numbered[1:]
    if len(numbered) > MAX_ROWS:
        raise UnreadableFile(_("Het bestand heeft te veel regels: hooguit %(max)s per keer.") % {"max": MAX_ROWS})
    rows = []
    for number, cells in numbered:

        def cell(key, cells=cells):
            index = where.get(key)
            # Control characters (a NUL) cannot be stored or shown: they go, as from every name.
            return xml_safe(cells[index]).strip() if index is not None and index < len(cells) else ""

        rows.append(Row(number, cell("name"), cell("email").lower(), cell("department")))
    return rows


def check(rows):
    """Sort the rows into who will be invited, who exists already (matched by e-mail) and what is wrong."""
    # One query, in case-insensitive terms: an address may be stored with capitals.
    emails = {row.email for row in rows if row.email}
    known = {u.email_lower: u for u in User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails)}
    seen = {}
    for row in rows:
        if not row.name:
            row.problems.append(_("De naam ontbreekt."))
        if not row.email:
            row.problems.append(_("Het e-mailadres ontbreekt."))
        else:
            try:
                validate_email(row.email)
            except ValidationError:
                row.problems.append(_("“%(email)s” is geen geldig e-mailadres.") % {"email": row.email})
        for key, limit in LIMITS.items():
            if len(getattr(row, key)) > limit:
                row.problems.append(_("Te lang: hooguit %(limit)s tekens.") % {"limit": limit})
        if row.email in seen:
            row.problems.append(_("Dit e-mailadres staat al op regel %(line)s.") % {"line": seen[row.email]})
        seen.setdefault(row.email, row.line)
        row.existing = known.get(row.email)
    return DryRun(
        new=[r for r in rows if not r.problems and not r.existing],
        existing=[r for r in rows if not r.problems and r.existing],
        wrong=[r for r in rows if r.problems],
    )
