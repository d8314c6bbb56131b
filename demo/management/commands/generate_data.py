"""Deterministic bulk data for measuring Blognet at scale, kept apart from the demo library.

    manage.py generate_data                      # 200 staff, 20,000 posts, 100,000 comments,
                                                 # 40,000 mentions, 150,000 notifications
    manage.py generate_data --posts 2000 --comments 10000 --seed 3
    manage.py generate_data --proposals 500          # rounds in every stage (default: 5% of --posts)

Generated staff are called medewerker00001, medewerker00002, ... (password "blognet-generated").
Everything is written in bulk, past the services: twenty thousand posts one by one would take an
hour, and measuring data must tell nobody anything. Markdown is rendered once per distinct body
through blognet.markup.render_markdown, so what is stored is what the editor would have stored,
@mention links included.

The shape is that of two years of use: posts spread evenly over two years (5% drafts, a tenth on
the Personeelsblog); comments mostly in the days after their post, some long after, threaded up to
depth 5; the newest post is a busy discussion of 1,000 comments, and one ordinary post has exactly
five. Some colleagues write and comment far more than others. Each phase draws from its own random
generator, so the posts of a seed are the same whatever number of comments is asked for.
Proposals (demo/generated_proposals.py) sit on Personeelsblog posts, in every stage, their
agreements open, overdue, done on time or late, and dropped.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.utils import timezone
from django.utils.text import Truncator, slugify
from tqdm import tqdm

from blognet.markup import RENDER_VERSION, plain_text, render_markdown
from blognet.models import ContentGeneration
from blogs.models import Blog, Post, Tag
from comments.activity import recount_days
from comments.models import Comment, Mention
from notifications.models import Follow, Notification
from people.models import User

from ...generated_proposals import generate_proposals

DEPARTMENTS = ["Publieksdiensten", "Jeugd en Onderwijs", "Collectie", "ICT", "Marketing en Communicatie", "Directie"]
FIRST = ["Anna", "Bram", "Chantal", "Dirk", "Eva", "Frank", "Gerda", "Hans", "Iris", "Jan", "Karin", "Lars", "Mila"]
FIRST += ["Noor", "Omar", "Petra", "Quinten", "Roos", "Sem", "Tess", "Umut", "Vera", "Wouter", "Yara", "Zeynep"]
LAST = ["de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos"]
LAST += ["El Amrani", "Hendriks", "van Dijk", "Peters", "Kok", "Yilmaz", "de Graaf", "Koster", "Dekker", "Brouwer"]
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

# The vocabulary of the prose: a library's everyday subjects, places and people.
SUBJECTS = [
    "de leesclub", "het servicepunt", "de nieuwe collectie", "de voorleesochtend", "het jaarplan", "de wifi",
    "de zelfservice-automaten", "de Kinderboekenweek", "het taalcafé", "het digitale spreekuur", "de bezorgdienst",
    "de uitleentermijn", "het makerslab", "de studieplekken", "de boekenmarkt", "de nieuwsbrief",
    "de vrijwilligersavond", "de roosterplanning", "het klantcontactcentrum", "de e-books", "de schoolbibliotheek",
    "de tentoonstelling", "de koffiehoek", "het inwerkprogramma", "de reserveringen", "de gamecollectie",
]  # fmt: skip
PLACES = [
    "vestiging Oost", "de Centrale Bibliotheek", "vestiging Noord", "de bibliobus", "vestiging Zuid",
    "het leescentrum", "vestiging West", "de wijkbibliotheek", "vestiging Centrum", "de servicebalie",
]  # fmt: skip
AUDIENCES = [
    "ouders met jonge kinderen", "scholieren", "senioren", "nieuwkomers", "studenten", "vrijwilligers",
    "leerkrachten", "laaggeletterde volwassenen", "werkzoekenden", "jongeren", "mantelzorgers",
]  # fmt: skip
MOMENTS = [
    "in het voorjaar", "na de zomer", "vanaf januari", "in de herfstvakantie", "op zaterdagochtend",
    "tijdens de Boekenweek", "elke woensdagmiddag", "in het nieuwe kwartaal", "voor de kerstvakantie",
]  # fmt: skip
ACTIONS = [
    "uitproberen", "evalueren", "uitbreiden", "beter aankondigen", "samen oppakken", "anders inrichten",
    "vaker organiseren", "opnieuw bekijken", "eenvoudiger maken", "onder de aandacht brengen",
]  # fmt: skip
VERDICTS = [
    "druk bezocht", "rustiger dan anders", "goed ontvangen", "nog vrij onbekend", "erg gewaardeerd",
    "lastig te vinden", "een groot succes", "wat rommelig",
]  # fmt: skip
PARTNERS = ["de basisschool in de wijk", "het buurthuis", "de gemeente", "het taalhuis", "het wijkteam", "het ROC"]
OPENINGS = ["Een idee over", "Terugblik op", "Vraag over", "Nieuws over", "Afspraken over", "Verslag van"]
HEADINGS = [
    "Wat we hebben geleerd", "Hoe nu verder", "Wat we van jullie vragen", "Achtergrond", "Planning",
    "Praktische punten", "De eerste reacties", "Wat het kost", "Wie doet wat",
]  # fmt: skip
SENTENCES = [
    "Afgelopen week was {subject} in {place} {verdict}.",
    "We merken dat steeds meer {audience} de weg naar {subject} weten te vinden.",
    "Het idee is om {subject} {moment} te {action}, te beginnen in {place}.",
    "Collega's van {department} hebben aangeboden mee te denken over de aanpak.",
    "Volgens de cijfers van vorige maand kwamen er ongeveer {number} bezoekers op af.",
    "Dat is meer dan we hadden verwacht, zeker onder {audience}.",
    "Wat mij opviel, is dat {audience} vooral vragen hadden over {subject}.",
    "Ik stel voor dat we dit {moment} opnieuw bekijken en dan besluiten hoe we verdergaan.",
    "Een paar collega's gaven aan dat de planning krap is, dus daar moeten we rekening mee houden.",
    "Het zou helpen als we de informatie op de website en bij de balie beter op elkaar afstemmen.",
    "In {place} hebben ze hier al ervaring mee, dus het lijkt me goed om hun aanpak over te nemen.",
    "We hoeven niet alles in één keer te regelen: klein beginnen en daarna bijsturen werkt vaak beter.",
    "De kosten blijven beperkt, omdat we vooral bestaande materialen en ruimtes gebruiken.",
    "Wie zin heeft om mee te helpen, kan zich bij mij of bij het team van {department} melden.",
    "Ik ben benieuwd hoe jullie hierover denken en welke ervaringen jullie zelf hebben.",
    "Belangrijk is dat {audience} zich welkom voelen en weten waar ze met hun vragen terechtkunnen.",
    "Daarnaast willen we **{subject}** {action}, want daar komen regelmatig vragen over binnen.",
    "Na overleg met {department} is besloten om {moment} een proef van {number} dagen te doen.",
    "De eerste reacties van bezoekers zijn positief, al zijn er ook een paar *kritische* geluiden.",
    "Vooral de openingstijden en de bereikbaarheid van {place} kwamen een paar keer ter sprake.",
    "Samen met {partner} willen we {moment} iets organiseren voor {audience}.",
    "Niet iedereen is even enthousiast, en dat is ook niet erg: kritische vragen maken het plan beter.",
    "Het team in {place} heeft de afgelopen maanden hard gewerkt om dit mogelijk te maken.",
    "Als we {subject} {action}, hebben we straks ook een beter verhaal richting {partner}.",
]
ITEMS = [
    "een vaste contactpersoon per vestiging", "duidelijke bewegwijzering bij de ingang",
    "een korte uitleg voor nieuwe vrijwilligers", "{number} extra plekken voor {audience}",
    "een evaluatie {moment}", "samenwerking met {partner}", "{subject} {action}",
    "een gezamenlijke planning met {department}", "een proef in {place}", "betere informatie over {subject}",
]  # fmt: skip
LINKS = [
    "Meer informatie staat op [de pagina over {subject}](https://www.bibliotheek.example/{slug}).",
    "Zie ook [het verslag van de vorige keer](https://intranet.bibliotheek.example/verslagen/{slug}).",
    "Eerdere ideeën hierover staan op [het Personeelsblog](/blogs/personeelsblog/).",
    "De cijfers staan in [het dashboard](https://intranet.bibliotheek.example/cijfers/{slug}) voor wie wil meekijken.",
]
COMMENTS = [
    "Goed idee! Ik denk dat we dit **samen** kunnen oppakken.",
    "Mooi initiatief. In {place} hebben we iets vergelijkbaars geprobeerd, en dat werkte goed.",
    "Ik ben het er niet helemaal mee eens: volgens mij hebben {audience} vooral behoefte aan {subject}.",
    "Wanneer starten we? Ik kan {moment} wel een paar uur vrijmaken.",
    "Dank voor het verslag! Komt er ook een vervolg?",
    "Kunnen we dit in het volgende teamoverleg bespreken?",
    "Ik help graag mee met {subject}.",
    "Goede vraag. Volgens mij weet {department} daar meer van.",
    "Eens, maar laten we wel eerst kijken wat het *kost*.",
    "Twee punten van mijn kant:\n\n- {item}\n- {item}",
    "Zie ook [de handleiding](https://intranet.bibliotheek.example/handleidingen/{slug}).",
    "Bij ons in {place} was {subject} {moment} ook {verdict}.",
    "Helemaal mee eens. Laten we {subject} {action}.",
    "Ik twijfel nog. Hebben we hier genoeg mensen voor?",
]
MENTIONS = [
    "@{a}, wat vind jij hiervan?",
    "Misschien kan @{a} hier iets over zeggen; die heeft ervaring met {subject}.",
    "Dank je, @{a}! Ik neem het mee naar het overleg.",
    "Goed punt van @{a}. Ik sluit me erbij aan.",
    "@{a} en @{b}, kunnen jullie dit samen oppakken?",
    "Ik noem @{a} en @{b} even, want dit raakt {subject}.",
]
SINGLE_MENTIONS, DOUBLE_MENTIONS = MENTIONS[:4], MENTIONS[4:]

DISTINCT_POST_BODIES = 1000  # 2-3 ms of rendering each; the titles, dates and threads vary per post
DISTINCT_COMMENT_BODIES = 500
HOT_COMMENTS = 1000  # the newest post: a busy discussion
ORDINARY_COMMENTS = 5  # one ordinary post has exactly this many (benchmarks/pages.py opens it)
MAX_DEPTH = 5  # a reply's depth is its parent's plus one; a comment on the post itself has depth 0
REPLY_SHARE = 0.6
DOUBLE_MENTION_SHARE = 0.25
HISTORY = timedelta(days=730)  # posts are spread over two years ...
QUIET = timedelta(days=1)  # ... up to a day ago, so the newest post's 1,000 comments fit in a day
BATCH = 2000


class Prose:
    """Varied Dutch text from the word lists above, drawn from one random generator."""

    def __init__(self, rng):
        self.rng = rng

    def fill(self, template):
        pick = self.rng.choice
        subject = pick(SUBJECTS)
        text = template.format(
            subject=subject,
            slug=slugify(subject),
            place=pick(PLACES),
            audience=pick(AUDIENCES),
            moment=pick(MOMENTS),
            action=pick(ACTIONS),
            verdict=pick(VERDICTS),
            partner=pick(PARTNERS),
            department=pick(DEPARTMENTS),
            number=self.rng.randint(3, 120),
            item="{item}",
        )
        while "{item}" in text:
            text = text.replace("{item}", self.fill(pick(ITEMS)), 1)
        return text[0].upper() + text[1:]

    def paragraph(self, sentences):
        return " ".join(self.fill(self.rng.choice(SENTENCES)) for _ in range(sentences))

    def post_body(self, at_least=365):
        """Paragraphs under headings, lists, a link or two: about 400 words (365 to 470)."""
        rng = self.rng
        blocks = [self.paragraph(rng.randint(3, 4))]
        while sum(len(block.split()) for block in blocks) < at_least:
            level = "###" if rng.random() < 0.3 else "##"
            blocks.append(f"{level} {rng.choice(HEADINGS)}")
            blocks.append(self.paragraph(rng.randint(2, 4)))
            if rng.random() < 0.6:
                marker = "1." if rng.random() < 0.3 else "-"
                items = rng.sample(ITEMS, rng.randint(3, 5))
                blocks.append("\n".join(f"{marker} {self.fill(item)}" for item in items))
            if rng.random() < 0.5:
                blocks.append(self.fill(rng.choice(LINKS)))
        return "\n\n".join(blocks)

    def comment_body(self):
        first = self.fill(self.rng.choice(COMMENTS))
        return first if self.rng.random() < 0.6 else f"{first} {self.fill(self.rng.choice(SENTENCES))}"

    def mention_body(self, usernames):
        templates = DOUBLE_MENTIONS if len(usernames) == 2 else SINGLE_MENTIONS
        template = self.rng.choice(templates).replace("{a}", usernames[0]).replace("{b}", usernames[-1])
        return self.fill(template)


@dataclass(slots=True)
class PlannedComment:
    """One comment before it is written: its id follows the order of time, as on a real site."""

    post_id: int
    author_id: int
    created_at: datetime
    parent: "PlannedComment | None"
    depth: int
    mentioned: tuple = ()  # ids of the colleagues it @mentions
    id: int = 0


class Command(BaseCommand):
    help = "Creates generated staff, posts, threaded comments, mentions and notifications (deterministic)."

    def add_arguments(self, parser):
        parser.add_argument("--staff", type=int, default=200)
        parser.add_argument("--posts", type=int, default=20000)
        parser.add_argument("--comments", type=int, default=100000, help="the newest post gets 1,000 (or all)")
        parser.add_argument("--mentions", type=int, help="@mentions in comments (default: 40%% of --comments)")
        parser.add_argument("--notifications", type=int, help="default: 150%% of --comments")
        parser.add_argument("--proposals", type=int, help="on Personeelsblog posts (default: 5%% of --posts)")
        parser.add_argument("--seed", type=int, default=1)

    @transaction.atomic
    def handle(self, *args, staff, posts, comments, mentions, notifications, proposals, seed, verbosity, **options):
        mentions = round(comments * 0.4) if mentions is None else mentions
        notifications = round(comments * 1.5) if notifications is None else notifications
        if staff < 1 or min(posts, comments, mentions, notifications, proposals or 0) < 0:
            raise CommandError("--staff must be at least 1, the other counts at least 0.")
        if comments and not posts:
            raise CommandError("Comments need posts: give --posts too.")
        if User.objects.filter(username__startswith="medewerker").exists():
            raise CommandError("Generated data is already present; start from an empty database.")
        self.quiet = verbosity < 1
        self.now = timezone.now()
        users = self.create_staff(staff, random.Random(f"{seed}:staff"))
        self.create_posts(users, posts, random.Random(f"{seed}:posts"))
        planned = self.plan_comments(users, comments, random.Random(f"{seed}:comments"))
        self.plan_mentions(planned, users, mentions, random.Random(f"{seed}:mentions"))
        self.write_comments(planned, Prose(random.Random(f"{seed}:comment texts")))
        made = self.write_mentions_and_notifications(planned, notifications, random.Random(f"{seed}:notifications"))
        made |= self.create_proposals(users, posts, proposals, seed)
        ContentGeneration.bump()  # bulk writes save no model: running workers' fragments would miss them
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Generated {staff} staff, {posts} posts, {len(planned)} comments, {made['mentions']} mentions, "
                    f"{made['notifications']} notifications, {made['proposals']} proposals and "
                    f"{made['agreements']} agreements (seed {seed})."
                )
            )

    def create_proposals(self, users, posts, wanted, seed):
        shared = list(
            Post.objects.published()
            .filter(author__in=users, blog__kind=Blog.Kind.SHARED)
            .values_list("pk", "author_id", "published_at")
        )
        if wanted is None:
            wanted = min(round(posts * 0.05), len(shared))
        if wanted > len(shared):
            raise CommandError(
                f"--proposals {wanted}: only {len(shared)} published Personeelsblog posts; give more --posts."
            )
        rng = random.Random(f"{seed}:proposals")
        return generate_proposals(shared, users, wanted, rng, Prose(random.Random(f"{seed}:proposal texts")), self.now)

    def progress(self, total, desc):
        return tqdm(total=total, desc=desc, unit=" rows", disable=self.quiet or total == 0)

    def create_staff(self, count, rng):
        password = make_password("blognet-generated")
        User.objects.bulk_create(
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
        # Some colleagues write and comment far more than others (weights drawn once per person).
        self.activity = [rng.lognormvariate(0, 0.8) for _ in users]
        return users

    def create_posts(self, users, count, rng):
        blogs = {blog.owner_id: blog for blog in Blog.objects.filter(owner__in=users)}
        personeelsblog = Blog.objects.personeelsblog()
        tags = Tag.for_names(TAGS)
        prose = Prose(rng)
        bodies = []
        for _ in tqdm(range(min(count, DISTINCT_POST_BODIES)), desc="post bodies", disable=self.quiet or not count):
            body = prose.post_body()
            html = render_markdown(body)
            bodies.append((body, html, Truncator(plain_text(html)).words(40)))
        # Drawn first, then sorted: ids follow the order of writing, as they would in real use.
        moments = sorted(self.now - QUIET - rng.random() * (HISTORY - QUIET) for _ in range(count))
        authors = rng.choices(users, weights=self.activity, k=count)
        progress = self.progress(count, "posts")
        for start in range(0, count, BATCH):
            batch = []
            for n in range(start, min(start + BATCH, count)):
                body, html, excerpt = rng.choice(bodies)
                draft = rng.random() < 0.05
                batch.append(
                    Post(
                        blog=personeelsblog if rng.random() < 0.1 else blogs[authors[n].pk],
                        author=authors[n],
                        title=f"{rng.choice(OPENINGS)} {rng.choice(SUBJECTS)} ({n + 1})",
                        slug=f"bericht-{n + 1}",
                        body=body,
                        body_html=html,
                        excerpt=excerpt,
                        render_version=RENDER_VERSION,
                        status=Post.Status.DRAFT if draft else Post.Status.PUBLISHED,
                        published_at=None if draft else moments[n],
                    )
                )
            created = Post.objects.bulk_create(batch)
            Post.tags.through.objects.bulk_create(
                Post.tags.through(post_id=post.pk, tag_id=tag.pk)
                for post in created
                for tag in rng.sample(tags, rng.randint(1, 3))
            )
            progress.update(len(batch))
        progress.close()
        # created_at is auto_now_add, which bulk_create fills with now: one UPDATE puts the moment
        # of writing back (a published post was written when it was published).
        Post.objects.filter(author__in=users, published_at__isnull=False).update(
            created_at=F("published_at"), updated_at=F("published_at")
        )

    def plan_comments(self, users, count, rng):
        """Who comments where and when, in memory: the newest post 1,000, one post exactly five,
        the rest over the other published posts, some of which get many and many none."""
        if not count:
            return []
        published = list(
            Post.objects.published()
            .filter(author__in=users)
            .order_by("published_at", "pk")
            .values_list("pk", "author_id", "published_at")
        )
        if not published:
            raise CommandError("Comments need published posts: give more --posts.")
        hot, others = published[-1], published[:-1]
        hot_count = count if not others else min(count, HOT_COMMENTS)  # one post only: it gets everything
        shares = {hot: hot_count}
        rest = count - hot_count
        if rest >= ORDINARY_COMMENTS:
            shares[others.pop(rng.randrange(len(others)))] = ORDINARY_COMMENTS
            rest -= ORDINARY_COMMENTS
        if rest:
            weights = [0 if rng.random() < 0.3 else rng.lognormvariate(0, 1.0) for _ in others]
            for post in rng.choices(others, weights=weights, k=rest):
                shares[post] = shares.get(post, 0) + 1
        author_ids = [user.pk for user in users]
        planned = []
        for post, n in shares.items():
            post_id, _, published_at = post
            # Most comments come in the days after the post (the hot one's within hours), some long
            # after; never in the future.
            age = (self.now - published_at).total_seconds()
            typical_delay = 6 * 3600 if post == hot else 2 * 86400
            moments = []
            for _ in range(n):
                delay = rng.expovariate(1 / typical_delay)
                if delay >= age or rng.random() < 0.1:
                    delay = rng.random() * age
                moments.append(published_at + timedelta(seconds=delay))
            moments.sort()
            thread = []
            for created_at, author_id in zip(moments, rng.choices(author_ids, weights=self.activity, k=n), strict=True):
                # A reply answers one of the latest comments, as people answer what they just read.
                open_ = [c for c in thread[-50:] if c.depth < MAX_DEPTH] if rng.random() < REPLY_SHARE else []
                parent = rng.choice(open_) if open_ else None
                comment = PlannedComment(post_id, author_id, created_at, parent, parent.depth + 1 if parent else 0)
                thread.append(comment)
            planned.extend(thread)
        planned.sort(key=lambda comment: comment.created_at)  # stable: a thread keeps its order
        return planned

    def plan_mentions(self, planned, users, count, rng):
        """Give `count` mentions to comments, one or two colleagues each (never the comment's author)."""
        self.usernames = usernames = {user.pk: user.username for user in users}
        if len(users) < 2:
            return
        ids = list(usernames)
        given = 0
        for comment in rng.sample(planned, len(planned)):
            if given >= count:
                break
            wanted = min(2 if len(ids) > 2 and rng.random() < DOUBLE_MENTION_SHARE else 1, count - given)
            chosen = []
            while len(chosen) < wanted:
                candidate = rng.choice(ids)
                if candidate != comment.author_id and candidate not in chosen:
                    chosen.append(candidate)
            comment.mentioned = tuple(chosen)
            given += wanted

    def write_comments(self, planned, prose):
        if not planned:
            return
        plain = []
        for _ in range(DISTINCT_COMMENT_BODIES):
            body = prose.comment_body()
            plain.append((body, render_markdown(body, profile="comment")))
        rendered = {}  # mention bodies: rendered once each, links and all
        first_id = (Comment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        progress = self.progress(len(planned), "comments")
        for start in range(0, len(planned), BATCH):
            batch = []
            for n, comment in enumerate(planned[start : start + BATCH], start):
                comment.id = first_id + n  # parents come earlier in time, so they have their id already
                if comment.mentioned:
                    body = prose.mention_body([self.usernames[pk] for pk in comment.mentioned])
                    if body not in rendered:
                        rendered[body] = render_markdown(body, profile="comment")
                    html = rendered[body]
                else:
                    body, html = prose.rng.choice(plain)
                batch.append(
                    Comment(
                        id=comment.id,
                        post_id=comment.post_id,
                        parent_id=comment.parent.id if comment.parent else None,
                        author_id=comment.author_id,
                        body=body,
                        body_html=html,
                        render_version=RENDER_VERSION,
                        created_at=comment.created_at,
                    )
                )
            Comment.objects.bulk_create(batch)
            progress.update(len(batch))
        progress.close()
        with connection.cursor() as cursor:  # the ids were given, so PostgreSQL's sequence must catch up
            for sql in connection.ops.sequence_reset_sql(no_style(), [Comment]):
                cursor.execute(sql)
        per_post = Comment.objects.filter(post=OuterRef("pk")).values("post").annotate(n=Count("id")).values("n")
        Post.objects.filter(pk__in={comment.post_id for comment in planned}).update(comment_count=Subquery(per_post))
        recount_days()

    def write_mentions_and_notifications(self, planned, count, rng):
        """The mentions the comments' links stand for, who follows which post, and `count`
        notifications by the rules of notifications.services: one per person per comment, of the
        first kind that applies (reply, mention, comment on your post, followed), never to the
        comment's author. Those answered and mentioned are always told; of the post's author and
        followers an even sample, so that every kind is there in a realistic mix."""
        if not planned:
            return {"mentions": 0, "notifications": 0}
        post_authors = dict(Post.objects.filter(pk__in={c.post_id for c in planned}).values_list("pk", "author_id"))
        followers = {}  # post id -> {user id: None}: its author and everyone who commented so far
        told, optional = [], []  # (comment, recipient id, kind)
        for comment in planned:
            author = post_authors[comment.post_id]
            following = followers.setdefault(comment.post_id, {author: None})
            chosen = {comment.author_id: None}  # the actor is never told
            if comment.parent:
                chosen.setdefault(comment.parent.author_id, "reply")
            for pk in comment.mentioned:
                chosen.setdefault(pk, "mention")
            maybe = [(author, "comment"), (rng.choice(list(following)), "followed")]
            for pk, kind in maybe:
                if pk not in chosen:
                    chosen[pk] = kind
                    optional.append((comment, pk, kind))
            told.extend((comment, pk, kind) for pk, kind in chosen.items() if kind in ("reply", "mention"))
            following[comment.author_id] = None
        if len(told) > count:
            told = rng.sample(told, count)
        else:
            told += rng.sample(optional, min(count - len(told), len(optional)))
        told.sort(key=lambda row: row[0].id)  # written in the order they happened

        mentions = [Mention(user_id=pk, post_id=c.post_id, comment_id=c.id) for c in planned for pk in c.mentioned]
        Mention.objects.bulk_create(mentions, batch_size=BATCH)
        Follow.objects.bulk_create(
            (Follow(user_id=user, post_id=post) for post, users in followers.items() for user in users),
            batch_size=BATCH,
        )
        progress = self.progress(len(told), "notifications")
        for start in range(0, len(told), BATCH):
            Notification.objects.bulk_create(
                Notification(
                    recipient_id=recipient,
                    actor_id=comment.author_id,
                    kind=kind,
                    post_id=comment.post_id,
                    comment_id=comment.id,
                    read_at=self.read_at(comment.created_at, rng),
                )
                for comment, recipient, kind in told[start : start + BATCH]
            )
            progress.update(min(BATCH, len(told) - start))
        progress.close()
        # created_at is auto_now_add, which bulk_create fills with now: a mention or notification
        # was made when its comment was. (Only the generated ones: the demo may share the database.)
        written_when = Subquery(Comment.objects.filter(pk=OuterRef("comment_id")).values("created_at"))
        Mention.objects.filter(comment_id__gte=planned[0].id).update(created_at=written_when)
        Notification.objects.filter(comment_id__gte=planned[0].id).update(created_at=written_when)
        return {"mentions": len(mentions), "notifications": len(told)}

    def read_at(self, created_at, rng):
        """Most notifications were read within hours; of the last three days' many are not yet."""
        recent = self.now - created_at < timedelta(days=3)
        if rng.random() < (0.7 if recent else 0.005):
            return None
        return min(self.now, created_at + timedelta(seconds=rng.expovariate(1 / (8 * 3600))))
