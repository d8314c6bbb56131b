from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext_lazy as _

from blognet.access import may_read
from blognet.markup import plain_text, validate_markdown
from blognet.models import ShownInFragments
from blognet.rendered import RenderedBody
from blognet.text import xml_safe

MAX_POST_LENGTH = 100_000


# Words that are pages of their own under a blog's or the site's address.
RESERVED_SLUGS = {"new", "feed", "edit", "delete"}


def unique_slug(text, taken, *, fallback, max_length=80):
    """slugify(text), made unique against the slugs in the queryset `taken`."""
    base = slugify(text)[: max_length - 4].strip("-") or fallback
    slug, n = base, 2
    while slug in RESERVED_SLUGS or taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class BlogQuerySet(models.QuerySet):
    def writable_by(self, user):
        """Blogs this user may post on: their own, open shared blogs, shared blogs with a role."""
        if not user.is_authenticated:
            return self.none()
        shared = Q(kind=Blog.Kind.SHARED) & (Q(is_open_to_all=True) | Q(memberships__user=user))
        if user.is_site_admin:
            shared = Q(kind=Blog.Kind.SHARED)
        return self.filter(Q(owner=user) | shared).distinct()

    def edited_by(self, user):
        """Shared blogs where this user is an editor: they see and edit every post there."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(kind=Blog.Kind.SHARED, memberships__user=user, memberships__role=Membership.Role.EDITOR)


class BlogManager(models.Manager.from_queryset(BlogQuerySet)):
    def personeelsblog(self):
        """The one shared blog open to all staff (made by a data migration; its slug may change),
        or None when a site admin removed it."""
        return self.filter(is_personeelsblog=True).first()

    def create_personal(self, user):
        slug = unique_slug(user.username, self.all(), fallback="blog")
        # The title is stored, so it is written in the site's language, not the visitor's.
        with translation.override(settings.LANGUAGE_CODE):
            title = _("Blog van %(name)s") % {"name": user.name}
        return self.create(slug=slug, owner=user, kind=Blog.Kind.PERSONAL, title=title)


class Blog(ShownInFragments, models.Model):
    class Kind(models.TextChoices):
        PERSONAL = "personal", _("Persoonlijk blog")
        SHARED = "shared", _("Gedeeld blog")

    slug = models.SlugField(_("adres"), max_length=80, unique=True)
    title = models.CharField(_("titel"), max_length=120)
    tagline = models.CharField(_("ondertitel"), max_length=200, blank=True)
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices, default=Kind.SHARED)
    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eigenaar"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="personal_blog",
    )
    is_open_to_all = models.BooleanField(
        _("iedereen mag schrijven"),
        default=False,
        help_text=_("Alle medewerkers mogen op dit gedeelde blog schrijven."),
    )
    # Which blog is the Personeelsblog is a fact of the row, not of its (renameable) address.
    is_personeelsblog = models.BooleanField(_("is het Personeelsblog"), default=False, editable=False)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("leden"), through="Membership", related_name="shared_blogs"
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    objects = BlogManager()

    class Meta:
        verbose_name = _("blog")
        verbose_name_plural = _("blogs")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="personal", owner__isnull=False) | Q(kind="shared", owner__isnull=True),
                name="blog_personal_has_owner",
                violation_error_message=_("Een persoonlijk blog heeft een eigenaar, een gedeeld blog niet."),
            ),
            models.UniqueConstraint(
                fields=["is_personeelsblog"], condition=Q(is_personeelsblog=True), name="one_personeelsblog"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("blogs:blog_detail", args=[self.slug])

    def is_writable_by(self, user):
        """Whether `user` may post here: the instance mirror of BlogQuerySet.writable_by()."""
        return Blog.objects.writable_by(user).filter(pk=self.pk).exists()

    def is_moderated_by(self, user):
        """The blog's owner, a shared blog's editors and site admins look after its conversations."""
        return user.is_authenticated and (user.is_site_admin or self.owner_id == user.pk or self.is_edited_by(user))

    def is_edited_by(self, user):
        """Whether `user` is an editor of this shared blog: the instance mirror of edited_by().

        Remembered per person on this instance: a post page asks it for the post and every comment;
        a personal blog has no editors, which needs no query.
        """
        if not user.is_authenticated or self.kind != Blog.Kind.SHARED:
            return False
        known = self.__dict__.setdefault("_editors", {})
        if user.pk not in known:
            known[user.pk] = Blog.objects.edited_by(user).filter(pk=self.pk).exists()
        return known[user.pk]


class Membership(models.Model):
    class Role(models.TextChoices):
        EDITOR = "editor", _("Redacteur")
        AUTHOR = "author", _("Auteur")

    blog = models.ForeignKey(Blog, verbose_name=_("blog"), on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("medewerker"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rol"), max_length=10, choices=Role.choices, default=Role.AUTHOR)

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [models.UniqueConstraint(fields=["blog", "user"], name="membership_unique")]

    def __str__(self):
        return f"{self.user} – {self.blog} ({self.get_role_display()})"


class Tag(ShownInFragments, models.Model):
    name = models.CharField(_("naam"), max_length=50, unique=True)
    slug = models.SlugField(_("adres"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("blogs:tag_detail", args=[self.slug])

    @classmethod
    def for_names(cls, names):
        """The tags with these names, created where missing (case-insensitive match).

        Two writers may create the same new tag at the same moment: the loser of the race gets
        an IntegrityError inside its savepoint and takes the winner's tag.
        """
        tags = []
        for name in names:
            tag = cls.objects.filter(name__iexact=name).first()
            while tag is None:
                try:
                    with transaction.atomic():
                        tag = cls.objects.create(name=name, slug=unique_slug(name, cls.objects.all(), fallback="tag"))
                except IntegrityError:
                    tag = cls.objects.filter(name__iexact=name).first()  # None: only the slug was taken; again
            tags.append(tag)
        return tags

    @classmethod
    def in_recent_use(cls, limit=30, window=500):
        """The tags most used on the newest `window` published posts: a bounded query at any size."""
        recent = Post.objects.published().order_by("-published_at").values("pk")[:window]
        counted = cls.objects.filter(posts__in=recent).annotate(uses=models.Count("posts"))
        return counted.order_by("-uses", "name")[:limit]


def published_q(prefix=""):
    return Q(**{f"{prefix}status": Post.Status.PUBLISHED, f"{prefix}published_at__lte": timezone.now()})


def unpublished_seen_by_q(user):
    """Which drafts and scheduled posts a logged-in colleague who is no site admin may see: their own,
    and those on the shared blogs they edit (site admins see all of them)."""
    return Q(author=user) | Q(blog__in=Blog.objects.edited_by(user))


def published_for_q(user, prefix):
    """Post.objects.published_for(user) as a condition on a relation ("post__"): a join to the one
    post each row belongs to, where `post__in=` a queryset made SQLite list every published post."""
    return published_q(prefix) if may_read(user) else Q(pk__in=[])


class PostQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_q())

    def visible_to(self, user):
        """Published posts, plus the drafts and scheduled posts this user may see."""
        if not user.is_authenticated:
            return self.published()
        if user.is_site_admin:
            return self.all()
        return self.filter(published_q() | unpublished_seen_by_q(user))

    def readable_by(self, user):
        """What a visitor may open: nothing for anonymous people unless the site allows it."""
        return self.visible_to(user) if may_read(user) else self.none()

    def waiting_for_reader(self, user, blog, shown=20):
        """The drafts and scheduled posts of `blog` that `user` may see, the last edited first (at
        most `shown` of each): the blog page shows them apart from the published posts.

        Each kind is asked from the (blog, status, date) index on its own, so the years of published
        posts are never read; visible_to's OR, sorted by date with the published posts, read every
        post the blog ever had. Most readers have none: then this is one small query. (A published
        post always has its moment: Post.save sets it.)"""
        if not user.is_authenticated:
            return []
        among = self.filter(blog=blog)
        if not user.is_site_admin:
            among = among.filter(unpublished_seen_by_q(user))
        drafts = among.filter(status=Post.Status.DRAFT)
        scheduled = among.filter(status=Post.Status.PUBLISHED, published_at__gt=timezone.now())
        if not drafts.values("pk").union(scheduled.values("pk")).exists():
            return []
        return [
            *scheduled.for_cards().order_by("published_at")[:shown],
            *drafts.for_cards().order_by("-updated_at")[:shown],
        ]

    def scheduled(self):
        """Published posts whose moment has not come yet (the mirror of Post.is_scheduled)."""
        return self.filter(status=Post.Status.PUBLISHED, published_at__gt=timezone.now())

    def published_for(self, user):
        """The published posts `user` may read: what every list, feed and search shows them."""
        return self.published() if may_read(user) else self.none()

    def for_listing(self):
        """Everything a post card needs, in one query plus one for the tags."""
        return self.select_related("blog", "author").prefetch_related("tags")

    def for_cards(self):
        """for_listing() without the texts, for lists of cards: a card shows the excerpt, and the
        Markdown and HTML of a page of posts are some 100 KB read and turned into objects for nothing."""
        return self.for_listing().defer("body", "body_html")


class Post(RenderedBody, ShownInFragments, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Concept")
        PUBLISHED = "published", _("Gepubliceerd")

    blog = models.ForeignKey(Blog, verbose_name=_("blog"), on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("auteur"), on_delete=models.PROTECT, related_name="posts"
    )
    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(_("adres"), max_length=80)
    body = models.TextField(
        _("tekst"),
        max_length=MAX_POST_LENGTH,
        validators=[validate_markdown],
        help_text=_("Je kunt Markdown gebruiken: **vet**, *schuin*, # kopje, - opsomming, [link](adres)."),
    )
    body_html = models.TextField(_("tekst (HTML)"), editable=False)
    render_version = models.PositiveSmallIntegerField(_("weergaveversie"), default=0, editable=False)
    excerpt = models.TextField(_("samenvatting"), editable=False, blank=True)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="posts")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("publicatiedatum"), null=True, blank=True, db_index=True)
    # Kept by the comments app with F() updates, so blogs never has to count comments.
    comment_count = models.PositiveIntegerField(_("aantal reacties"), default=0, editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        ordering = ["-published_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["blog", "slug"], name="post_slug_unique_per_blog")]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="post_listing_idx"),
            # A person's or a blog's newest posts, read from the newest end (directory, blog list).
            models.Index(fields=["author", "status", "-published_at"], name="post_by_author_idx"),
            models.Index(fields=["blog", "status", "-published_at"], name="post_by_blog_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, **kwargs):
        self.title = xml_safe(self.title)
        if not self.slug:
            self.slug = unique_slug(self.title, Post.objects.filter(blog=self.blog), fallback="bericht")
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(**kwargs)  # RenderedBody renders the body if it changed

    def get_absolute_url(self):
        return reverse("blogs:post_detail", args=[self.blog.slug, self.slug])

    def render(self):
        """The body's HTML, and the excerpt cards and feeds show."""
        super().render()
        self.excerpt = Truncator(plain_text(self.body_html)).words(40)

    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    def can_be_edited_by(self, user):
        if not user.is_authenticated:
            return False
        return user.is_site_admin or self.author_id == user.pk or self.blog.is_edited_by(user)


class PostImageQuerySet(models.QuerySet):
    def shown_to(self, user):
        """The images `user` may see: those in a post they may read, and their own uploads (an image
        just uploaded for a draft is in no post yet). The one rule blogs.media serves files by."""
        in_readable_post = Exists(Post.objects.readable_by(user).filter(images=OuterRef("pk")))
        if user.is_authenticated:
            return self.filter(Q(uploaded_by=user) | in_readable_post)
        return self.filter(in_readable_post)


class PostImage(models.Model):
    # Indexed: every request for an image looks it up by its stored name.
    image = models.ImageField(_("afbeelding"), upload_to="posts/%Y/%m/", db_index=True)
    alt_text = models.CharField(
        _("beschrijving"),
        max_length=250,
        help_text=_("Wat staat er op de afbeelding? Voor collega's die hem niet kunnen zien."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("geüpload door"), on_delete=models.CASCADE, related_name="images"
    )
    # The posts whose text shows this image: kept by blogs.services.save_post (blogs/images.py),
    # and what decides who may fetch it.
    posts = models.ManyToManyField(Post, verbose_name=_("berichten"), related_name="images", blank=True, editable=False)
    created_at = models.DateTimeField(_("geüpload op"), auto_now_add=True)

    objects = PostImageQuerySet.as_manager()

    class Meta:
        verbose_name = _("afbeelding")
        verbose_name_plural = _("afbeeldingen")

    def __str__(self):
        return self.alt_text

    def as_markdown(self):
        return f"![{self.alt_text.replace(']', '')}]({self.image.url})"


class PostRead(models.Model):
    """A colleague opened a post: its reach. One row per person per post, written once."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="post_reads")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("gelezen bericht")
        verbose_name_plural = _("gelezen berichten")
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="post_read_once")]

    def __str__(self):
        return f"{self.user} – {self.post}"

    @classmethod
    def mark(cls, post, user):
        """Record that `user` read `post`, once: a read first, so that reading a post again takes
        no write lock (on SQLite every write waits for every other)."""
        if user.is_authenticated and user.pk != post.author_id and post.is_published():
            if not cls.objects.filter(post=post, user=user).exists():
                cls.objects.bulk_create([cls(post=post, user=user)], ignore_conflicts=True)


class PostAddress(models.Model):
    """An address a post had before it moved to another blog: it redirects to where the post is now."""

    blog_slug = models.SlugField(max_length=80)
    post_slug = models.SlugField(max_length=80)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="old_addresses")

    class Meta:
        verbose_name = _("oud adres")
        verbose_name_plural = _("oude adressen")
        constraints = [models.UniqueConstraint(fields=["blog_slug", "post_slug"], name="old_address_unique")]

    def __str__(self):
        return f"/{self.blog_slug}/{self.post_slug}/ → {self.post_id}"


class Revision(models.Model):
    """A saved state of a published (or scheduled) post's title and text, and who saved it.

    Written by blogs.services.save_post, never changed afterwards: a restore adds a new one.
    """

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions", db_index=False)
    title = models.CharField(_("titel"), max_length=200)
    body = models.TextField(_("tekst"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opgeslagen door"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("opgeslagen op"), default=timezone.now)

    class Meta:
        verbose_name = _("versie")
        verbose_name_plural = _("versies")
        ordering = ["-id"]
        # A post's versions from the newest end: the history page, the newest one at every save.
        indexes = [models.Index(fields=["post", "-id"], name="revision_by_post_idx")]

    def __str__(self):
        return f"{self.post_id}: {self.title} ({self.created_at:%Y-%m-%d %H:%M})"

    @classmethod
    def record(cls, post, *, by, before=None):
        """Keep `post`'s title and text as a new version by `by` (None: the post's author) when they
        differ from the newest one.

        `before` is the post as it was stored, when it was public: a post published before versions
        were kept gets that state as its first version, so its history starts with the original.
        Returns the new version, or None when title and text did not change.
        """
        newest = cls.objects.filter(post=post).order_by("-id").values("title", "body").first()
        current = {"title": post.title, "body": post.body}
        if newest == current:
            return None
        if newest is None and before is not None:
            original = {"title": before["title"], "body": before["body"]}
            if original != current:
                cls.objects.create(post=post, author_id=post.author_id, created_at=before["updated_at"], **original)
        return cls.objects.create(post=post, author_id=by.pk if by else post.author_id, **current)
