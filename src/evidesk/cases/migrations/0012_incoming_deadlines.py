from django.db import migrations, models


def mark_incoming_for_recomputing(apps, schema_editor):
    """An incoming preservation was given the deadlines of one we send (a disclosure request
    due, an extension to ask for): the worker recomputes, a batch a round, the deadlines kept
    without their wording (`tracking.reword_older_deadlines`), so those of incoming requests
    are marked so, and get what we owe instead."""
    Deadline = apps.get_model("cases", "Deadline")
    Deadline.objects.filter(computed=True, request__direction="incoming").update(details={})


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_case_reference_message"),
    ]

    operations = [
        migrations.AlterField(
            model_name="deadline",
            name="kind",
            field=models.CharField(
                choices=[
                    ("preservation_expiry", "Preservation expires"),
                    ("disclosure_due", "Disclosure request due"),
                    ("extension_due", "Extension request due"),
                    ("follow_up_due", "Follow-up due"),
                    ("instrument_time_limit", "Time limit of the instrument"),
                    ("answer_due", "Our answer due"),
                    ("keep_until", "Keep the preserved data until"),
                    ("manual", "Set by hand"),
                ],
                max_length=30,
            ),
        ),
        migrations.RunPython(mark_incoming_for_recomputing, migrations.RunPython.noop),
    ]
