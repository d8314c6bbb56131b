"""Every staff member has a personal blog from the moment their account exists; and what cached
fragments show (blognet.models.ShownInFragments) changes when a post, blog, tag or colleague goes,
and when a colleague's roles change (the header shows a manager's and an admin's links)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_save, pre_delete
from django.dispatch import receiver

from blognet.models import ContentGeneration, bump_on_delete

from .models import Blog, Post, Tag


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="blogs_create_personal_blog")
def create_personal_blog(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        Blog.objects.create_personal(instance)


for model in (Post, Blog, Tag, settings.AUTH_USER_MODEL):
    pre_delete.connect(bump_on_delete, sender=model, dispatch_uid=f"blogs_fragments_{model}")


def bump_on_roles(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        ContentGeneration.bump()


for through in (get_user_model().groups.through, get_user_model().user_permissions.through, Group.permissions.through):
    m2m_changed.connect(bump_on_roles, sender=through, dispatch_uid=f"blogs_fragments_roles_{through.__name__}")
