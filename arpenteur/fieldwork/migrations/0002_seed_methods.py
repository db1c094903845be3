from django.db import migrations


def seed_methods(apps, schema_editor):
    """Create the reference methods once; later edits are never overwritten."""
    from arpenteur.fieldwork.methods import METHODS

    Method = apps.get_model("fieldwork", "Method")
    for order, spec in enumerate(METHODS):
        defaults = {k: v for k, v in spec.items() if k != "slug"}
        defaults["order"] = order
        Method.objects.get_or_create(slug=spec["slug"], residency=None, defaults=defaults)


class Migration(migrations.Migration):
    dependencies = [("fieldwork", "0001_initial")]
    operations = [migrations.RunPython(seed_methods, migrations.RunPython.noop)]
