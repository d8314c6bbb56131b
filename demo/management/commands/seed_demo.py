from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from blogs.models import Blog, Post, PostRead
from blogs.services import save_post
from comments.models import Comment
from comments.reactions import KINDS, react
from comments.services import add_comment
from notifications.models import BlogFollow, ColleagueFollow
from people.models import MANAGERS_GROUP, User

from ...content import COMMENTS, DEMO_PASSWORD, MANAGERS, POSTS, STAFF
from ...proposals import seed_proposals


class Command(BaseCommand):
    help = "Loads the demo library: a dozen colleagues, their posts and proposals. Running it again changes nothing."

    @transaction.atomic
    def handle(self, *args, **options):
        people = {}
        for username, name, department, bio in STAFF:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "display_name": name,
                    "department": department,
                    "bio": bio,
                    "email": f"{username}@bibliotheek.example",
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            people[username] = user
        managers = Group.objects.get(name=MANAGERS_GROUP)  # made by a migration of people
        for username in MANAGERS:
            people[username].groups.add(managers)
        admin, created = User.objects.get_or_create(
            username="beheerder", defaults={"display_name": "Beheerder", "is_staff": True, "is_superuser": True}
        )
        if created:
            admin.set_password(DEMO_PASSWORD)
            admin.save(update_fields=["password"])

        # The demo login follows a manager and the Personeelsblog: their posts are marked "Gevolgd".
        demo = people.get("demo")
        if demo:
            for username in MANAGERS[:1]:
                ColleagueFollow.objects.get_or_create(user=demo, person=people[username])
            if staff_blog := Blog.objects.personeelsblog():
                BlogFollow.objects.get_or_create(user=demo, blog=staff_blog)

        now = timezone.now()
        new_posts = 0
        for author, blog_slug, title, tags, days_ago, body in POSTS:
            user = people[author]
            blog = user.personal_blog if blog_slug == "personal" else Blog.objects.get(slug=blog_slug)
            if Post.objects.filter(blog=blog, title=title).exists():
                continue
            # The editor's path: follows, mentions and notifications as if written by hand.
            save_post(
                Post(blog=blog, author=user, title=title, body=body),
                publish=days_ago is not None,
                published_at=None
                if days_ago is None
                else now - timezone.timedelta(days=days_ago, hours=len(title) % 7),
                tag_names=tags,
                by=user,
            )
            new_posts += 1

        saved = []
        for title, author, reply_to, body in COMMENTS:
            post = Post.objects.get(title=title)
            existing = Comment.objects.filter(post=post, author=people[author], body=body).first()
            parent = saved[reply_to] if reply_to is not None else None
            saved.append(existing or add_comment(post=post, author=people[author], body=body, parent=parent))

        new_proposals = seed_proposals(people, now)

        # Colleagues who do not write show they agree: reactions on posts and on some comments,
        # through the one write path (the writers get their bundled notifications).
        colleagues = list(people.values())
        for n, post in enumerate(Post.objects.published().order_by("published_at", "id")):
            for m, person in enumerate(colleagues[n % 3 : n % 3 + 2 + n % 5]):
                react(user=person, post=post, kind=KINDS[(n + m) % len(KINDS)] if m % 3 else KINDS[0])
        for n, comment in enumerate(saved):
            for person in colleagues[n % 4 : n % 4 + n % 3]:
                if person != comment.author:
                    react(user=person, post=comment.post, comment=comment, kind=KINDS[n % len(KINDS)])

        # Some colleagues have read the Personeelsblog, so its posts show their reach.
        for post in Post.objects.published().filter(blog__is_personeelsblog=True):
            for person in list(people.values())[: 3 + post.pk % 8]:
                PostRead.mark(post, person)

        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready: {len(people)} colleagues, {new_posts} new posts, {new_proposals} new proposals."
            )
        )
        self.stdout.write(f"Demo login: username 'demo', password '{DEMO_PASSWORD}'")
        self.stdout.write(f"Manager (participation dashboard): username 'wilma', password '{DEMO_PASSWORD}'")
        self.stdout.write(f"Site admin: username 'beheerder', password '{DEMO_PASSWORD}'")
