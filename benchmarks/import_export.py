"""Import and export at the size of a busy old blog: time and peak memory of the real commands.

    .venv/bin/python benchmarks/import_export.py                          # SQLite, 1,000 posts, 10,000 comments
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/blognet_bench_import .venv/bin/python benchmarks/import_export.py
    .venv/bin/python benchmarks/import_export.py --posts 100 --comments 1000

A database with the generated staff (benchmarks/database.py) gets a WordPress export (WXR 1.2)
written here: posts of about 400 words with headings, lists and links, comments threaded up to
five deep with every tenth reply before its parent in the file, commenters half colleagues
(matched by e-mail) and half outsiders. Then, each as its own `manage.py` process whose peak
memory is read from the kernel (wait4): the import, the same import again (which must add
nothing), and `export_blog` of the result. The machine is shared: the times come with the CPU
seconds the process itself used, and each step's time is also given per 1,000 items.
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.database import ROOT, Size, describe, fresh_database, manage  # noqa: E402
from benchmarks.report import table  # noqa: E402

WORDS = (
    "bibliotheek lezers collectie jeugd programma vestiging uitleen activiteit leesclub boekenweek "
    "voorleesuur taalcafé informatiepunt digitaal spreekuur vrijwilligers openingstijden planning "
    "samenwerking school gemeente bereik zomerlezen podcast makerspace workshop inloop"
).split()


def paragraph(rng, words=60):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def body(rng):
    return (
        f"<h2>{paragraph(rng, 4)}</h2><p>{paragraph(rng)}</p><ul><li>{paragraph(rng, 8)}</li>"
        f"<li>{paragraph(rng, 8)}</li></ul><p>{paragraph(rng)} <a href='https://example.org/'>meer</a></p>"
        f"<p>{paragraph(rng, 120)}</p><p>{paragraph(rng, 140)}</p>"
    )


def write_wxr(path, *, posts, comments, colleagues, seed=1):
    """A WXR with `posts` posts and `comments` comments spread over them, threaded to depth five."""
    rng = random.Random(seed)
    outsiders = [(f"Bezoeker {n}", f"bezoeker{n}@buiten.example") for n in range(100)]
    start = datetime(2015, 1, 1, tzinfo=UTC)
    per_post = [comments // posts + (1 if n < comments % posts else 0) for n in range(posts)]
    comment_id = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/">'
            "<channel><title>Oude blog</title><link>https://oud.example</link><language>nl-NL</language>"
            "<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://oud.example</wp:base_site_url>"
            "<wp:base_blog_url>https://oud.example</wp:base_blog_url>\n"
        )
        for number in range(posts):
            moment = start + timedelta(days=number * 3)
            out.write(
                f"<item><title>Bericht {number}: {escape(paragraph(rng, 5))}</title><dc:creator>eigenaar</dc:creator>"
                f"<content:encoded><![CDATA[{body(rng)}]]></content:encoded><wp:post_id>{number + 1}</wp:post_id>"
                f"<wp:post_date_gmt>{moment:%Y-%m-%d %H:%M:%S}</wp:post_date_gmt><wp:status>publish</wp:status>"
                f"<wp:post_type>post</wp:post_type>"
                f'<category domain="post_tag" nicename="tag{number % 40}">'
                f"<![CDATA[Onderwerp {number % 40}]]></category>"
            )
            thread, blocks = [], []
            for _ in range(per_post[number]):
                comment_id += 1
                parent = rng.choice(thread) if thread and rng.random() < 0.6 else (0, 0)
                depth = parent[1] + 1 if parent[0] else 0
                if depth > 5:
                    parent, depth = (0, 0), 0
                thread.append((comment_id, depth))
                name, email = rng.choice(colleagues) if rng.random() < 0.5 else rng.choice(outsiders)
                when = moment + timedelta(minutes=10 * len(thread))
                blocks.append(
                    f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
                    f"<wp:comment_author><![CDATA[{name}]]></wp:comment_author>"
                    f"<wp:comment_author_email>{email}</wp:comment_author_email>"
                    f"<wp:comment_date_gmt>{when:%Y-%m-%d %H:%M:%S}</wp:comment_date_gmt>"
                    f"<wp:comment_content><![CDATA[<p>{paragraph(rng, 30)}</p>]]></wp:comment_content>"
                    f"<wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type>"
                    f"<wp:comment_parent>{parent[0]}</wp:comment_parent></wp:comment>"
                )
            for index in range(1, len(blocks), 10):  # every tenth reply before the comment above it
                blocks[index - 1], blocks[index] = blocks[index], blocks[index - 1]
            out.write("".join(blocks) + "</item>\n")
        out.write("</channel></rss>\n")


def run(args, *, url):
    """Run `manage.py args` on `url`; return (seconds, CPU seconds, peak resident MiB)."""
    env = {**os.environ, "DATABASE_URL": url}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if status:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{output}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--comments", type=int, default=10000)
    options = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="blognet-bench-import-"))
    url, _ = fresh_database(Size(0, 0), url=os.environ.get("DATABASE_URL"), workdir=workdir)
    found = manage(
        "shell",
        "--no-imports",
        "-c",
        "from people.models import User\n"
        "owner = User.objects.filter(is_superuser=False).order_by('pk').first()\n"
        "print(owner.personal_blog.slug)\n"
        "for user in User.objects.exclude(pk=owner.pk).order_by('pk')[:100]: print(user.name + '\\t' + user.email)",
        url=url,
        capture=True,
    ).stdout.splitlines()
    blog, colleagues = found[0], [tuple(line.split("\t")) for line in found[1:] if "\t" in line]
    export_file = workdir / "oude-blog.xml"
    write_wxr(export_file, posts=options.posts, comments=options.comments, colleagues=colleagues)
    items = options.posts + options.comments
    rows = []
    for name, args in [
        ("import", ["import_blog", "wordpress", str(export_file), "--blog", blog, "--verbosity", "0"]),
        ("same import again", ["import_blog", "wordpress", str(export_file), "--blog", blog, "--verbosity", "0"]),
        ("export_blog", ["export_blog", str(workdir / "export.zip"), "--blog", blog]),
    ]:
        seconds, cpu, peak, output = run(args, url=url)
        if name == "same import again" and " 0 nieuw" not in output:
            raise SystemExit(f"the second import added something:\n{output}")
        rows.append([name, f"{seconds:.1f} s", f"{cpu:.1f} s", f"{seconds / items * 1000:.2f} s", f"{peak:.0f} MiB"])
    print(
        f"\n{describe(url)}, export of {options.posts:,} posts and {options.comments:,} comments "
        f"({export_file.stat().st_size / 1e6:.1f} MB), one process each"
    )
    print(table(["step", "wall time", "CPU time", "per 1,000 items", "peak memory"], rows))


if __name__ == "__main__":
    main()
