"""A small server-side SVG bar chart: no JavaScript, nothing to vendor, readable when printed.

The drawing is 720 units wide and scales with the page, its text set at 16 units. Where that leaves
too little room per month (a year of months on a phone), only every few months are labelled; the
table below the charts carries every figure, and each chart's description lists its values.
"""

from dataclasses import dataclass

WIDTH, HEIGHT, TOP, BOTTOM, LEFT = 720, 280, 20, 56, 88


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: float
    label: str
    series: str = ""


def bars(values, labels, *, maximum=None):
    """Bar geometry for `values` in a WIDTH x HEIGHT chart with room for axis labels."""
    return grouped([("", values)], labels, maximum=maximum)


def grouped(series, labels, *, maximum=None):
    """Bars for several series side by side per label: [(css class, values), ...]."""
    maximum = maximum or max((value for _, values in series for value in values), default=0) or 1
    slot = (WIDTH - LEFT) / max(len(labels), 1)
    usable = HEIGHT - TOP - BOTTOM
    width = slot * 0.7 / max(len(series), 1)
    result = []
    for number, (name, values) in enumerate(series):
        for index, (value, label) in enumerate(zip(values, labels, strict=True)):
            height = usable * value / maximum
            x = LEFT + index * slot + slot * 0.15 + number * width
            bar = Bar(x=x, y=TOP + usable - height, width=width, height=height, value=value, label=label, series=name)
            result.append(bar)
    return result


def axis_labels(labels, *, every=None):
    """(x, text) for the month labels under the bars: every month when they fit, else every few."""
    slot = (WIDTH - LEFT) / max(len(labels), 1)
    every = every or max(1, round(len(labels) / 6))
    return [(LEFT + index * slot + slot / 2, label) for index, label in enumerate(labels) if index % every == 0]


def gridlines(maximum, steps=4):
    usable = HEIGHT - TOP - BOTTOM
    return [{"y": TOP + usable - usable * n / steps, "value": round(maximum * n / steps, 1)} for n in range(steps + 1)]
