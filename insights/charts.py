"""A small server-side SVG bar chart: no JavaScript, nothing to vendor, readable when printed."""

from dataclasses import dataclass

WIDTH, HEIGHT, TOP, BOTTOM, LEFT = 720, 240, 20, 40, 40


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: float
    label: str


def bars(values, labels, *, maximum=None):
    """Bar geometry for `values` in a WIDTH x HEIGHT chart with room for axis labels."""
    maximum = maximum or max(values, default=0) or 1
    slot = (WIDTH - LEFT) / max(len(values), 1)
    usable = HEIGHT - TOP - BOTTOM
    result = []
    for index, (value, label) in enumerate(zip(values, labels, strict=True)):
        height = usable * value / maximum
        result.append(
            Bar(
                x=LEFT + index * slot + slot * 0.15,
                y=TOP + usable - height,
                width=slot * 0.7,
                height=height,
                value=value,
                label=label,
            )
        )
    return result


def gridlines(maximum, steps=4):
    usable = HEIGHT - TOP - BOTTOM
    return [{"y": TOP + usable - usable * n / steps, "value": round(maximum * n / steps, 1)} for n in range(steps + 1)]
