from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("netiquette", "0003_notificationsseen"),
    ]

    operations = [
        migrations.AddField(
            model_name="ruleset",
            name="model",
            field=models.CharField(
                blank=True,
                default="",
                help_text="The learned layer's version in force.",
                max_length=64,
            ),
        ),
    ]
