import csv
import re

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from people.models import MANAGER_PERMISSION

from . import charts
from .participation import DECISION_FIGURES, FIGURES, participation


def months_wanted(request):
    """The months asked for in ?months=, kept between 1 and 60; anything but a plain number gives 12.

    Plain means a few ASCII digits: str.isdigit() also accepts "²", which int() refuses, and
    int() reads "٣" as 3 but refuses more than 4300 digits.
    """
    value = request.GET.get("months", "")
    return min(max(int(value), 1), 60) if re.fullmatch("[0-9]{1,6}", value) else 12


@permission_required(MANAGER_PERMISSION, raise_exception=True)
def participation_dashboard(request):
    figures = participation(months=months_wanted(request))
    department = request.GET.get("department", "")
    if department not in figures.departments:
        department = ""
    rows = figures.rows(department or None)
    # Dutch months are written small: "okt 2026".
    labels = [date_format(row.month, "b Y") for row in rows]
    # Under the bars the year only where it starts or changes: short labels stay readable on a phone.
    ticks = [
        date_format(row.month, "b Y" if index == 0 or row.month.month == 1 else "b") for index, row in enumerate(rows)
    ]
    posts, comments = [row.posts for row in rows], [row.comments for row in rows]
    highest = max(posts + comments, default=0) or 1
    context = {
        "figures": figures,
        "rows": rows,
        "department": department,
        "months": len(rows),
        "share_bars": charts.bars([row.share for row in rows], labels, maximum=100),
        "share_grid": charts.gridlines(100),
        # What a screen reader says for each chart: its values, month by month.
        "share_values": "; ".join(
            f"{label}: {number_format(row.share)}%" for label, row in zip(labels, rows, strict=True)
        ),
        "activity_bars": charts.grouped([("bar-posts", posts), ("bar-comments", comments)], labels, maximum=highest),
        "activity_grid": charts.gridlines(highest),
        "activity_values": "; ".join(
            _("%(month)s: %(posts)d berichten, %(comments)d reacties")
            % {"month": label, "posts": row.posts, "comments": row.comments}
            for label, row in zip(labels, rows, strict=True)
        ),
        "month_labels": charts.axis_labels(ticks),
        "chart": {"width": charts.WIDTH, "height": charts.HEIGHT, "left": charts.LEFT, "base": charts.HEIGHT - 18},
    }
    return render(request, "insights/participation_dashboard.html", context)


@permission_required(MANAGER_PERMISSION, raise_exception=True)
def participation_csv(request):
    figures = participation(months=months_wanted(request))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="blognet-deelname.csv"'
    response.write("\ufeff")  # so that Excel reads the file as UTF-8
    writer = csv.writer(response, delimiter=";")
    headers = [_("maand"), _("afdeling"), _("medewerkers"), _("schrijvers"), _("reageerders")]
    headers += [_("deelnemers"), _("nieuwe deelnemers"), _("berichten"), _("reacties"), _("deelname %")]
    headers += [_("voorstellen"), _("antwoordden"), _("afspraken"), _("op tijd gedaan"), _("dagen idee tot afspraak")]
    writer.writerow(headers)
    sections = [(_("alle afdelingen"), figures.months)]
    sections += [(name, figures.by_department[name]) for name in figures.departments]
    for name, rows in sections:
        for row in rows:
            numbers = [getattr(row, figure) for figure in FIGURES]
            decided = [getattr(row, figure) for figure in DECISION_FIGURES]
            median = "" if row.median_days is None else str(row.median_days).replace(".", ",")
            writer.writerow(
                [
                    row.month.strftime("%Y-%m"),
                    name,
                    row.staff,
                    *numbers,
                    str(row.share).replace(".", ","),
                    *decided,
                    median,
                ]
            )
    return response
