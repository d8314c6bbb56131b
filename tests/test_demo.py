from django.core.management import call_command

from blogs.models import Post
from comments.models import Comment
from people.models import User


def counts():
    return User.objects.count(), Post.objects.count(), Comment.objects.count()


def test_seed_demo_twice_changes_nothing(db):
    call_command("seed_demo", verbosity=0)
    first = counts()
    call_command("seed_demo", verbosity=0)
    assert counts() == first
    assert first[0] >= 12
    assert User.objects.get(username="demo").check_password("blognet-demo")
    assert Post.objects.filter(blog__slug="personeelsblog").published().exists()


def test_generate_data_is_deterministic_and_threads_one_busy_post(db):
    call_command("generate_data", staff=5, posts=40, comments=1200, seed=7, verbosity=0)
    titles = list(Post.objects.order_by("slug").values_list("title", flat=True))
    busy = Post.objects.order_by("-comment_count").first()
    assert busy.comment_count >= 1000
    assert busy.comments.filter(parent__isnull=False).exists()
    Comment.objects.all().delete()
    Post.objects.filter(author__username__startswith="medewerker").delete()
    User.objects.filter(username__startswith="medewerker").delete()
    call_command("generate_data", staff=5, posts=40, seed=7, verbosity=0)
    assert list(Post.objects.order_by("slug").values_list("title", flat=True)) == titles
