"""/media/<name>: every uploaded file, only to whom may see it, at the address stored in the posts.

A post's image goes to whoever may read a post that shows it (PostImage.objects.shown_to: with
anonymous reading on, the images of published posts are public) and to the colleague who uploaded
it (an image just added to a draft is in no post yet). Avatars go to colleagues who are logged in.
Anything else under media, and what someone may not see, is not found. The links that decide it
are kept by save_post (blogs/images.py).
"""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.views.decorators.http import require_safe

from blognet.access import may_read
from blognet.media import send, stored_name
from people.models import User

from .models import PostImage


@require_safe
def media_file(request, path):
    name = stored_name(path)
    if name is None:
        raise Http404
    if not may_read(request.user):
        return redirect_to_login(request.get_full_path())  # asks nothing of the database
    if name.startswith("posts/") and PostImage.objects.shown_to(request.user).filter(image=name).exists():
        return send(PostImage._meta.get_field("image").storage, name)
    if name.startswith("avatars/") and _avatar_shown_to(request.user, name):
        return send(User._meta.get_field("avatar").storage, name)
    raise Http404


def _avatar_shown_to(user, name):
    """Colleagues see each other's photos, nobody else: not even when anonymous reading is on.
    A photo someone replaced or removed is nobody's any more."""
    if not (user.is_authenticated and user.is_active):
        return False
    field = "avatar_thumbnail" if name.startswith("avatars/thumbs/") else "avatar"
    return User.objects.filter(**{field: name}).exists()
