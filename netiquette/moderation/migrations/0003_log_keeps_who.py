"""The audit log keeps who decided as values (issue 16): names copied into each row, ids kept
without a foreign-key constraint, so deleting an account rewrites no row.

The old trigger is dropped first so the names can be filled in; ``protect_moderation_log``
puts the stricter triggers back after migrate (``post_migrate``).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def drop_old_guard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "DROP TRIGGER IF EXISTS moderation_log_append_only ON messaging_moderationlog"
        )


def copy_names(apps, schema_editor):
    log = apps.get_model("moderation", "ModerationLog")
    user = apps.get_model("auth", "User")
    db = schema_editor.connection.alias
    ids = set(log.objects.using(db).values_list("moderator_id", flat=True))
    ids |= set(log.objects.using(db).values_list("sender_id", flat=True))
    ids.discard(None)
    for user_id, username, name in user.objects.using(db).filter(pk__in=ids).values_list(
        "pk", "username", "profile__name"
    ):
        display = (name or username)[:150]
        log.objects.using(db).filter(moderator_id=user_id).update(moderator_name=display)
        log.objects.using(db).filter(sender_id=user_id).update(sender_name=display)


class Migration(migrations.Migration):

    dependencies = [
        ('moderation', '0002_log_refusals'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(drop_old_guard, migrations.RunPython.noop),
        migrations.AddField(
            model_name='moderationlog',
            name='moderator_name',
            field=models.CharField(blank=True, max_length=150),
        ),
        migrations.AddField(
            model_name='moderationlog',
            name='sender_name',
            field=models.CharField(blank=True, max_length=150),
        ),
        migrations.AlterField(
            model_name='moderationlog',
            name='moderator',
            field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='moderationlog',
            name='review',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='log', to='moderation.review'),
        ),
        migrations.AlterField(
            model_name='moderationlog',
            name='sender',
            field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunPython(copy_names, migrations.RunPython.noop),
    ]
