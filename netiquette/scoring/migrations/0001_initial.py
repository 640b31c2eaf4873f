"""The fingerprint bands, in the table the core app created (``netiquette_fingerprintband``)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    content_types = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    content_types.objects.using(db).filter(app_label="netiquette", model="fingerprintband").update(
        app_label="scoring"
    )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('netiquette', '0002_fingerprintband_moved_to_scoring'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay as they are: only Django's idea of which app owns them moves.
            state_operations=[
                migrations.CreateModel(
                    name='FingerprintBand',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('request', 'Connection request note'), ('message', 'Message')], max_length=8)),
                        ('item_id', models.BigIntegerField()),
                        ('band', models.PositiveSmallIntegerField()),
                        ('key', models.BigIntegerField()),
                        ('recipient', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('sender', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'netiquette_fingerprintband',
                        'indexes': [models.Index(fields=['sender', 'key', 'item_id'], name='fingerprint_band_sender_key')],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_type, migrations.RunPython.noop),
    ]
