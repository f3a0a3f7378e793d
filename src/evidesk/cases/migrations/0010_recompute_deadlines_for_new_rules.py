from django.db import migrations


def mark_for_recomputing(apps, schema_editor):
    """The rules changed (one expiry per preserved set of data, carried by the original
    preservation; no chase of a confirmed preservation, nor while the requested state waits
    for our additional information): the worker recomputes, a batch a round, the deadlines
    kept without their wording (`tracking.reword_older_deadlines`), so all are marked so."""
    Deadline = apps.get_model("cases", "Deadline")
    Deadline.objects.filter(computed=True).update(details={})


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_deadline_details"),
    ]

    operations = [
        migrations.RunPython(mark_for_recomputing, migrations.RunPython.noop),
    ]
