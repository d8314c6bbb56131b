

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('blogs', '0009_revision'),
        ('notifications', '0005_notification_list_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='notification',
            name='actor_count',
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.CreateModel(
            name='BlogFollow',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('blog', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='followers', to='blogs.blog')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='blog_follows', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'gevolgd blog',
                'verbose_name_plural': 'gevolgde blogs',
                'constraints': [models.UniqueConstraint(fields=('user', 'blog'), name='blog_follow_once')],
            },
        ),
        migrations.CreateModel(
            name='ColleagueFollow',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='followers', to=settings.AUTH_USER_MODEL)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='colleague_follows', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'gevolgde collega',
                'verbose_name_plural': "gevolgde collega's",
                'constraints': [models.UniqueConstraint(fields=('user', 'person'), name='colleague_follow_once'), models.CheckConstraint(condition=models.Q(('user', models.F('person')), _negated=True), name='colleague_follow_not_self')],
            },
        ),
    ]
