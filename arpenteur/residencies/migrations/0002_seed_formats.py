from django.db import migrations


def seed_formats(apps, schema_editor):
    """Create the reference formats once; later edits by administrators are never overwritten."""
    from arpenteur.residencies.formats import FORMATS

    FormatTemplate = apps.get_model("residencies", "FormatTemplate")
    for spec in FORMATS:
        FormatTemplate.objects.get_or_create(slug=spec["slug"], defaults={k: v for k, v in spec.items() if k != "slug"})


class Migration(migrations.Migration):
    dependencies = [("residencies", "0001_initial")]
    operations = [migrations.RunPython(seed_formats, migrations.RunPython.noop)]
