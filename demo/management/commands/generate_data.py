"""Deterministic bulk data for measuring Blognet at scale, kept apart from the demo library.

Generated staff are called medewerker00001, medewerker00002, ...; their posts are written in
bulk, past blogs.services.save_post: twenty thousand posts one by one would take an hour, and
measuring data must tell nobody anything. The HTML is rendered once per distinct body through
the same pipeline, so what is stored is what the editor would have stored.
"""

import random

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone
from django.utils.text import Truncator
from tqdm import tqdm

from blognet.markup import RENDER_VERSION, plain_text, render_markdown
from blogs.models import Blog, Post, Tag
from comments.models import Comment
from people.models import User

DEPARTMENTS = ["Publieksdiensten", "Jeugd en Onderwijs", "Collectie", "ICT", "Marketing en Communicatie", "Directie"]
FIRST = ["Anna", "Bram", "Chantal", "Dirk", "Eva", "Frank", "Gerda", "Hans", "Iris", "Jan", "Karin", "Lars", "Mila"]
LAST = ["de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos"]
SUBJECTS = ["de leesclub", "het servicepunt", "de nieuwe collectie", "de voorleesochtend", "het jaarplan", "de wifi"]
OPENINGS = ["Een idee over", "Terugblik op", "Vraag over", "Nieuws over", "Afspraken over", "Verslag van"]
TAGS = [
    "jeugd",
    "collectie",
    "ict",
    "activiteiten",
    "onderwijs",
    "taal",
    "vrijwilligers",
    "jaarplan",
    "ideeën",
    "nieuws",
]
BATCH = 2000
COMMENT_BATCH = 250


def post_body(rng):
    subject = rng.choice(SUBJECTS)
    return (
        f"## {rng.choice(OPENINGS)} {subject}\n\n"
        f"Deze week hebben we gesproken over **{subject}**. Er waren {rng.randint(3, 40)} collega's bij.\n\n"
        f"- Wat ging goed: {rng.choice(SUBJECTS)}\n- Wat kan beter: {rng.choice(SUBJECTS)}\n\n"
        "Reacties zijn welkom!"
    )


class Command(BaseCommand):
    help = "Creates N generated staff and N posts (deterministic with --seed) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--staff", type=int, default=100)
        parser.add_argument("--posts", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--comments", type=int, default=0, help="threaded comments; the newest post gets 1,000 of them (or all)"
        )

    @transaction.atomic
    def handle(self, *args, staff, posts, seed, comments, **options):
        if staff < 1 or posts < 0 or comments < 0:
            raise CommandError("--staff must be at least 1, --posts and --comments at least 0.")
        if comments and not posts:
            raise CommandError("Comments need posts: give --posts too.")
        if User.objects.filter(username__startswith="medewerker").exists():
            raise CommandError("Generated data is already present; start from an empty database.")
        rng = random.Random(seed)
        users = self.create_staff(staff, rng)
        self.create_posts(users, posts, rng)
        self.create_comments(users, comments, rng)
        self.stdout.write(
            self.style.SUCCESS(f"Generated {staff} staff, {posts} posts and {comments} comments (seed {seed}).")
        )

    def create_staff(self, count, rng):
        password = make_password("blognet-generated")
        users = User.objects.bulk_create(
            User(
                username=f"medewerker{n:05d}",
                display_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                department=rng.choice(DEPARTMENTS),
                email=f"medewerker{n:05d}@bibliotheek.example",
                password=password,
            )
            for n in range(1, count + 1)
        )
        users = list(User.objects.filter(username__startswith="medewerker").order_by("username"))
        # bulk_create sends no post_save, so the personal blogs are made here in bulk too.
        Blog.objects.bulk_create(
            Blog(slug=user.username, title=f"Blog van {user.display_name}", kind=Blog.Kind.PERSONAL, owner=user)
            for user in users
        )
        return users

    def create_posts(self, users, count, rng):
        blogs = {blog.owner_id: blog for blog in Blog.objects.filter(owner__in=users)}
        personeelsblog = Blog.objects.personeelsblog()
        tags = Tag.for_names(TAGS)
        rendered = {}
        now = timezone.now()
        progress = tqdm(total=count, desc="posts", unit="post", disable=count == 0)
        for start in range(0, count, BATCH):
            batch = []
            for n in range(start, min(start + BATCH, count)):
                author = rng.choice(users)
                body = post_body(rng)
                if body not in rendered:
                    html = render_markdown(body)
                    rendered[body] = (html, Truncator(plain_text(html)).words(40))
                html, excerpt = rendered[body]
                draft = rng.random() < 0.05
                batch.append(
                    Post(
                        blog=personeelsblog if rng.random() < 0.1 else blogs[author.pk],
                        author=author,
                        title=f"{rng.choice(OPENINGS)} {rng.choice(SUBJECTS)} ({n + 1})",
                        slug=f"bericht-{n + 1}",
                        body=body,
                        body_html=html,
                        excerpt=excerpt,
                        render_version=RENDER_VERSION,
                        status=Post.Status.DRAFT if draft else Post.Status.PUBLISHED,
                        published_at=None if draft else now - timezone.timedelta(minutes=rng.randint(1, 60 * 24 * 730)),
                    )
                )
            created = Post.objects.bulk_create(batch)
            if created and created[0].pk is None:  # backends that return no ids (none we support today)
                created = list(Post.objects.filter(slug__in=[p.slug for p in batch]).order_by("id"))
            Post.tags.through.objects.bulk_create(
                Post.tags.through(post_id=post.pk, tag_id=tag.pk) for post in created for tag in rng.sample(tags, 2)
            )
            progress.update(len(batch))
        progress.close()

    def create_comments(self, users, count, rng):
        """Threaded comments: the newest post holds 1,000 (a busy discussion), the rest is spread."""
        if not count:
            return
        published = Post.objects.published().filter(author__in=users)
        busy = published.order_by("-published_at").first()
        others = list(published.values_list("pk", flat=True)[:2000])
        body = "Goed punt! Ik denk dat we dit **samen** kunnen oppakken."
        html = render_markdown(body, profile="comment")
        now = timezone.now()
        threads = {}  # post id -> ids of its saved comments, to pick parents from
        progress = tqdm(total=count, desc="comments", unit="comment")
        # Small batches: a reply's parent comes from an earlier batch, which already has its id.
        for start in range(0, count, COMMENT_BATCH):
            batch = []
            for n in range(start, min(start + COMMENT_BATCH, count)):
                post_id = busy.pk if n < 1000 else rng.choice(others)
                earlier = threads.get(post_id, [])
                batch.append(
                    Comment(
                        post_id=post_id,
                        parent_id=rng.choice(earlier) if earlier and rng.random() < 0.6 else None,
                        author=rng.choice(users),
                        body=body,
                        body_html=html,
                        render_version=RENDER_VERSION,
                        created_at=now - timezone.timedelta(minutes=count - n),
                    )
                )
            for comment in Comment.objects.bulk_create(batch):
                threads.setdefault(comment.post_id, []).append(comment.pk)
            progress.update(len(batch))
        progress.close()
        per_post = Comment.objects.filter(post=OuterRef("pk")).values("post").annotate(n=Count("id")).values("n")
        Post.objects.filter(pk__in=threads).update(comment_count=Subquery(per_post))
