from django.db import migrations


def mark_for_recomputing(apps, schema_editor):
    """An emergency request is now chased the day after, not after 30 days, and the date to
    keep data preserved for another state says what to do once it has passed: the worker
    recomputes those deadlines, a batch a round (`tracking.reword_older_deadlines`)."""
    Deadline = apps.get_model("cases", "Deadline")
    changed = Deadline.objects.filter(computed=True)
    changed.filter(kind="follow_up_due", request__type="emergency").update(details={})
    changed.filter(kind="keep_until").update(details={})


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0012_incoming_deadlines"),
    ]

    operations = [
        migrations.RunPython(mark_for_recomputing, migrations.RunPython.noop),
    ]
