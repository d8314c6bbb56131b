"""Every staff member has a personal blog from the moment their account exists."""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Blog


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="blogs_create_personal_blog")
def create_personal_blog(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        Blog.objects.create_personal(instance)
