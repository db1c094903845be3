"""The default themes of the catalogue (those of the issue and of the seed resource centre)."""

from django.db import migrations

THEMES = [
    ("amenagement", "Aménagement du territoire"),
    ("energie", "Énergie"),
    ("eau", "Eau"),
    ("adaptation", "Adaptation au changement climatique"),
    ("habitat", "Habitat et logement"),
    ("democratie", "Vie démocratique et participation"),
    ("mobilites", "Mobilités"),
    ("commerce", "Commerce et centre-bourg"),
    ("patrimoine", "Patrimoine et paysage"),
    ("biodiversite", "Biodiversité et agriculture"),
    ("economie-circulaire", "Économie circulaire et sobriété"),
    ("cohesion", "Cohésion sociale et services"),
    ("transition", "Administration en transition"),
]


def forwards(apps, schema_editor):
    Theme = apps.get_model("library", "Theme")
    for position, (slug, name) in enumerate(THEMES, start=1):
        Theme.objects.update_or_create(slug=slug, defaults={"name": name, "position": position * 10})


class Migration(migrations.Migration):
    dependencies = [("library", "0002_search_index")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
