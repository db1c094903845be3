"""The catalogue's exchange format: one set of columns for the public `.csv`/`.json` twins, the
export and the import, so that an exported file imports back unchanged (idempotence)."""

from __future__ import annotations

from arpenteur.core.tabular import Column


def _links(item) -> list[str]:
    return [link.get("url", "") for link in item.links or [] if isinstance(link, dict) and link.get("url")]


def _themes(item) -> list[str]:
    return sorted(theme.slug for theme in item.themes.all())


CATALOGUE_COLUMNS = [
    Column("identifiant", "Identifiant", lambda i: i.reference),
    Column("nature", "Nature (ressource ou experience)", lambda i: i.kind),
    Column("titre", "Titre", lambda i: i.title),
    Column("auteur", "Auteur·rice(s)", lambda i: i.author),
    Column("structure", "Structure", lambda i: i.structure),
    Column("resume", "Résumé", lambda i: i.summary),
    Column("type", "Type", lambda i: i.item_type),
    Column("thematiques", "Thématiques (identifiants séparés par |)", _themes),
    Column("type_projet", "Type de projet", lambda i: i.project_type),
    Column("echelle", "Échelle", lambda i: i.territory_level),
    Column("code_territoire", "Code du territoire", lambda i: i.territory_code),
    Column("territoire", "Territoire", lambda i: i.territory_name),
    Column("cog", "Millésime COG", lambda i: i.cog_year),
    Column("region", "Code région", lambda i: i.region.code if i.region_id else ""),
    Column("latitude", "Latitude", lambda i: i.latitude),
    Column("longitude", "Longitude", lambda i: i.longitude),
    Column("annee_debut", "Année (début)", lambda i: i.year_start),
    Column("annee_fin", "Année (fin)", lambda i: i.year_end),
    Column("liens", "Liens (séparés par |)", _links),
    Column("licence", "Licence", lambda i: i.licence),
    Column("source", "Source", lambda i: i.source_name),
    Column("source_url", "Adresse de la source", lambda i: i.source_url),
    Column("porteur", "Porteur", lambda i: i.porteur),
    Column("budget", "Budget (€)", lambda i: i.budget),
    Column("duree", "Durée", lambda i: i.duration),
    Column("enseignements", "Enseignements", lambda i: i.lessons),
    Column("objectifs", "Objectifs", lambda i: i.objectives),
    Column("intervenants", "Intervenant·es", lambda i: i.instructors),
]
COLUMN_KEYS = [column.key for column in CATALOGUE_COLUMNS]
