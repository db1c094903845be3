"""Factories of the library: resources and experiences, indexed the way services index them."""

import factory
from factory.django import DjangoModelFactory

from arpenteur.library.models import Item, ItemType, Kind, Theme
from arpenteur.library.search import index_items


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"theme-{n}")
    name = factory.Sequence(lambda n: f"Thématique {n}")


class ItemFactory(DjangoModelFactory):
    """A published resource, indexed; `themes=[...]` sets its themes (slugs or Theme objects)."""

    class Meta:
        model = Item
        skip_postgeneration_save = True

    kind = Kind.RESOURCE
    reference = factory.Sequence(lambda n: f"fiche-{n}")
    title = factory.Sequence(lambda n: f"Fiche {n}")
    structure = "Cerema"
    summary = "Un document de référence pour les collectivités."
    item_type = ItemType.GUIDE
    year_start = 2024

    class Params:
        experience = factory.Trait(kind=Kind.EXPERIENCE, item_type=ItemType.INITIATIVE)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if extracted:
            self.themes.set([t if isinstance(t, Theme) else Theme.objects.get(slug=t) for t in extracted])
        index_items([self.pk])
