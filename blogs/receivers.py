"""Every staff member has a personal blog from the moment their account exists; and what cached
fragments show (blognet.models.ShownInFragments) changes when a post, blog, tag or colleague goes."""

from django.conf import settings
from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver

from blognet.models import bump_on_delete

from .models import Blog, Post, Tag


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="blogs_create_personal_blog")
def create_personal_blog(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        Blog.objects.create_personal(instance)


for model in (Post, Blog, Tag, settings.AUTH_USER_MODEL):
    pre_delete.connect(bump_on_delete, sender=model, dispatch_uid=f"blogs_fragments_{model}")
