"""The sender's list of hashes is kept once per production, no longer on every item received
with it: the items of one request that held the same list (the files received with it and
those taken out of its archives) now point to one copy of it."""

import django.db.models.deletion
from django.db import migrations, models


def keep_each_list_once(apps, schema_editor) -> None:
    item = apps.get_model("evidence", "EvidenceItem")
    kept = apps.get_model("evidence", "SenderHashList")
    holding = item.objects.exclude(sender_hashes="")
    # No ordering: the items' own (by exhibit) would make each of them distinct.
    for request_id, text in (
        holding.order_by().values_list("request_id", "sender_hashes").distinct()
    ):
        one = kept.objects.create(text=text)
        holding.filter(request_id=request_id, sender_hashes=text).update(sender_list=one)


def back_on_every_item(apps, schema_editor) -> None:
    item = apps.get_model("evidence", "EvidenceItem")
    for one in apps.get_model("evidence", "SenderHashList").objects.all():
        item.objects.filter(sender_list=one).update(sender_hashes=one.text)


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0002_sender_hashes"),
    ]

    operations = [
        migrations.CreateModel(
            name="SenderHashList",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),  # fmt: skip
                ("text", models.TextField(verbose_name="hashes listed by the sender")),
            ],
        ),
        migrations.AddField(
            model_name="evidenceitem",
            name="sender_list",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="items",
                to="evidence.senderhashlist",
            ),
        ),
        migrations.RunPython(keep_each_list_once, back_on_every_item),
        migrations.RemoveField(model_name="evidenceitem", name="sender_hashes"),
    ]
