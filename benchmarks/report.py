"""What both benchmarks print: which code was measured, and Markdown tables."""

import subprocess

from benchmarks.database import ROOT

NOT_APP = ("benchmarks/", "tests/", "README.md")  # changes here do not change what is measured


def code_version():
    """`git rev-parse --short HEAD`, and the folders with uncommitted changes to the app (if any)."""
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    status = subprocess.run(["git", "status", "--short"], cwd=ROOT, capture_output=True, text=True)
    changed = sorted(
        {line[3:].split("/")[0] for line in status.stdout.splitlines() if not line[3:].startswith(NOT_APP)}
    )
    version = head.stdout.strip() or "unknown commit"
    return f"{version} with uncommitted changes in {', '.join(changed)}" if changed else version


def code_between(started):
    """The code measured, given code_version() from the start: the code may change during a run."""
    ended = code_version()
    return started if ended == started else f"{started} at the start, {ended} at the end"


def table(header, rows):
    """A Markdown table; the first column left-aligned, the others right-aligned."""
    lines = ["| " + " | ".join(header) + " |", "| --- |" + " ---: |" * (len(header) - 1)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)
