

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('blogs', '0009_revision'),
        ('comments', '0004_daily_comments'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Reaction',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('eens', 'eens'), ('mooi', 'mooi'), ('idee', 'goed idee'), ('bedankt', 'bedankt')], max_length=10, verbose_name='reactie')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ('comment', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='reactions', to='comments.comment')),
                ('post', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reactions', to='blogs.post')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reactions', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'reactie met een emoji',
                'verbose_name_plural': 'reacties met een emoji',
                'indexes': [models.Index(fields=['post', 'comment', 'kind'], name='reaction_on_post_idx')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('comment__isnull', True)), fields=('user', 'post'), name='reaction_once_per_post'), models.UniqueConstraint(condition=models.Q(('comment__isnull', False)), fields=('user', 'comment'), name='reaction_once_per_comment')],
            },
        ),
    ]
