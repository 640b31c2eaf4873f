"""Reports, reviews, the moderation log, warnings and tallies move to the moderation app."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('messaging', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay as they are: only Django's idea of which app owns them moves.
            state_operations=[
                migrations.RemoveField(
                    model_name='moderationlog',
                    name='moderator',
                ),
                migrations.RemoveField(
                    model_name='moderationlog',
                    name='review',
                ),
                migrations.RemoveField(
                    model_name='moderationlog',
                    name='sender',
                ),
                migrations.RemoveField(
                    model_name='report',
                    name='connection_request',
                ),
                migrations.RemoveField(
                    model_name='report',
                    name='message',
                ),
                migrations.RemoveField(
                    model_name='report',
                    name='reporter',
                ),
                migrations.RemoveField(
                    model_name='review',
                    name='claimed_by',
                ),
                migrations.RemoveField(
                    model_name='review',
                    name='connection_request',
                ),
                migrations.RemoveField(
                    model_name='review',
                    name='decided_by',
                ),
                migrations.RemoveField(
                    model_name='review',
                    name='message',
                ),
                migrations.RemoveField(
                    model_name='review',
                    name='sender',
                ),
                migrations.RemoveField(
                    model_name='senderwarning',
                    name='review',
                ),
                migrations.DeleteModel(
                    name='RuleTally',
                ),
                migrations.RemoveField(
                    model_name='senderwarning',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='senderwarning',
                    name='user',
                ),
                migrations.DeleteModel(
                    name='ModerationLog',
                ),
                migrations.DeleteModel(
                    name='Report',
                ),
                migrations.DeleteModel(
                    name='Review',
                ),
                migrations.DeleteModel(
                    name='SenderWarning',
                ),
            ],
        ),
    ]
