"""Reports, reviews, the moderation log, warnings and tallies, in the tables messaging created.

The content types move with them, so the ``moderate`` permission, the moderators group's
hold on it and the admin's history stay attached.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MOVED = ("report", "review", "moderationlog", "senderwarning", "ruletally")


def move_content_types(apps, schema_editor):
    content_types = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    content_types.objects.using(db).filter(app_label="messaging", model__in=MOVED).update(
        app_label="moderation"
    )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('messaging', '0002_moderation_moved_out'),
        ('connections', '0001_initial'),
        ('messaging', '0002_moderation_moved_out'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay as they are: only Django's idea of which app owns them moves.
            state_operations=[
                migrations.CreateModel(
                    name='Review',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('open', 'Open'), ('confirmed', 'Confirmed'), ('dismissed', 'Dismissed'), ('escalated', 'Escalated')], default='open', max_length=10)),
                        ('score', models.FloatField(default=0)),
                        ('labels', models.JSONField(blank=True, default=list)),
                        ('rule_ids', models.JSONField(blank=True, default=list)),
                        ('opened_at', models.DateTimeField(auto_now_add=True)),
                        ('claimed_at', models.DateTimeField(blank=True, null=True)),
                        ('decided_at', models.DateTimeField(blank=True, null=True)),
                        ('priority', models.FloatField(default=0)),
                        ('report_count', models.PositiveIntegerField(default=0)),
                        ('sender_confirmed', models.PositiveIntegerField(default=0, help_text="The sender's confirmed reviews when the priority was computed.")),
                        ('decision_reason', models.TextField(blank=True)),
                        ('claimed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('connection_request', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='review', to='connections.connectionrequest')),
                        ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('message', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='review', to='messaging.message')),
                        ('sender', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reviews_about', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'messaging_review',
                        'permissions': [('moderate', 'Can work the review queue')],
                    },
                ),
                migrations.CreateModel(
                    name='ModerationLog',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('item', models.CharField(max_length=40)),
                        ('action', models.CharField(choices=[('claimed', 'Claimed'), ('released', 'Released'), ('confirmed', 'Confirmed'), ('dismissed', 'Dismissed'), ('escalated', 'Escalated'), ('undone', 'Undid a decision')], max_length=10)),
                        ('from_status', models.CharField(blank=True, max_length=10)),
                        ('to_status', models.CharField(blank=True, max_length=10)),
                        ('reason', models.TextField(blank=True)),
                        ('details', models.JSONField(blank=True, default=dict)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('moderator', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('sender', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('review', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='log', to='moderation.review')),
                    ],
                    options={
                        'db_table': 'messaging_moderationlog',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='RuleTally',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('rule_id', models.CharField(max_length=100)),
                        ('day', models.DateField()),
                        ('flagged', models.IntegerField(default=0)),
                        ('confirmed', models.IntegerField(default=0)),
                        ('dismissed', models.IntegerField(default=0)),
                        ('escalated', models.IntegerField(default=0)),
                    ],
                    options={
                        'db_table': 'messaging_ruletally',
                        'ordering': ['rule_id', 'day'],
                        'indexes': [models.Index(fields=['day'], name='ruletally_day')],
                        'constraints': [models.UniqueConstraint(fields=('rule_id', 'day'), name='ruletally_unique_rule_day')],
                    },
                ),
                migrations.CreateModel(
                    name='SenderWarning',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.TextField(max_length=2000)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('withdrawn_at', models.DateTimeField(blank=True, help_text='Undone by a moderator.', null=True)),
                        ('seen_at', models.DateTimeField(blank=True, null=True)),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('review', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='warnings', to='moderation.review')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='moderation_warnings', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'messaging_senderwarning',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Report',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reason', models.CharField(blank=True, max_length=500)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('connection_request', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='reports', to='connections.connectionrequest')),
                        ('message', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='reports', to='messaging.message')),
                        ('reporter', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reports_made', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'messaging_report',
                        'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('connection_request__isnull', True), ('message__isnull', False)), models.Q(('connection_request__isnull', False), ('message__isnull', True)), _connector='OR'), name='report_one_target'), models.UniqueConstraint(fields=('reporter', 'message'), name='report_once_per_message'), models.UniqueConstraint(fields=('reporter', 'connection_request'), name='report_once_per_request')],
                    },
                ),
                migrations.AddIndex(
                    model_name='review',
                    index=models.Index(fields=['status', '-score', '-id'], name='messaging_r_status_ce0847_idx'),
                ),
                migrations.AddIndex(
                    model_name='review',
                    index=models.Index(fields=['status', 'opened_at', 'id'], name='messaging_r_status_f248c6_idx'),
                ),
                migrations.AddIndex(
                    model_name='review',
                    index=models.Index(fields=['status', '-priority', '-id'], name='review_queue_priority'),
                ),
                migrations.AddIndex(
                    model_name='review',
                    index=models.Index(fields=['sender', '-opened_at'], name='review_sender_history'),
                ),
                migrations.AddConstraint(
                    model_name='review',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('connection_request__isnull', True), ('message__isnull', False)), models.Q(('connection_request__isnull', False), ('message__isnull', True)), _connector='OR'), name='review_one_target'),
                ),
                migrations.AddIndex(
                    model_name='moderationlog',
                    index=models.Index(fields=['review', '-created_at'], name='modlog_review'),
                ),
                migrations.AddIndex(
                    model_name='moderationlog',
                    index=models.Index(fields=['sender', '-created_at'], name='modlog_sender'),
                ),
                migrations.AddIndex(
                    model_name='moderationlog',
                    index=models.Index(fields=['moderator', '-created_at'], name='modlog_moderator'),
                ),
                migrations.AddIndex(
                    model_name='moderationlog',
                    index=models.Index(fields=['-created_at', '-id'], name='modlog_recent'),
                ),
                migrations.AddIndex(
                    model_name='senderwarning',
                    index=models.Index(fields=['user', '-created_at'], name='senderwarning_user'),
                ),
            ],
        ),
        migrations.RunPython(move_content_types, migrations.RunPython.noop),
    ]
