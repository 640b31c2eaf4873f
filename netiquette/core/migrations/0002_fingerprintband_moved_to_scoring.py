"""The fingerprint bands move to the scoring app."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('netiquette', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay as they are: only Django's idea of which app owns them moves.
            state_operations=[
                migrations.DeleteModel(
                    name='FingerprintBand',
                ),
            ],
        ),
    ]
