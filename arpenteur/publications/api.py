"""Read-only JSON API of published residencies, keyed by INSEE commune code, and its OpenAPI schema.

Every payload is built from `content.collect`, the same allow-list as the public page.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from django.urls import reverse

from .content import collect
from .models import Publication
from .services import latest_ready

INSEE_RE = re.compile(r"^(\d{5}|2[AB]\d{3})$")


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "__html__") or not isinstance(value, str | int | float | bool | type(None)):
        return str(value)
    return value


def _summary(request, publication: Publication) -> dict[str, Any]:
    r = publication.residency
    return {
        "id": r.pk,
        "titre": r.title,
        "code_insee": r.commune.code,
        "millesime_cog": r.commune.cog_year,
        "commune": r.commune.name,
        "debut": r.start_date.isoformat(),
        "fin": r.end_date.isoformat(),
        "licence": publication.licence_info["spdx"],
        "publiee_le": publication.published_at.isoformat() if publication.published_at else None,
        "page": request.build_absolute_uri(reverse("publications:public_page", args=[r.pk])),
        "api": request.build_absolute_uri(reverse("publications:api_residency", args=[r.pk])),
    }


def _published():
    return (
        Publication.objects.published().select_related("residency__commune").order_by("-published_at", "pk")
    )


def list_payload(request) -> dict[str, Any]:
    return {"resultats": [_summary(request, p) for p in _published()[:1000]]}


def commune_payload(request, insee: str) -> dict[str, Any] | None:
    if not INSEE_RE.match(insee):
        return None
    publications = list(_published().filter(residency__commune__code=insee))
    if not publications:
        return None
    return {"code_insee": insee, "resultats": [_summary(request, p) for p in publications]}


def residency_payload(request, residency) -> dict[str, Any]:
    content = collect(residency)
    publication = residency.publication
    cahier = latest_ready(residency, "cahier")
    return {
        **_summary(request, publication),
        "question": content.meta["question"],
        "presentation": content.meta["summary"],
        "equipe": content.meta["team"],
        "partenaires": content.meta["partners"],
        "licence_detail": content.meta["licence"],
        "cahier_pdf": request.build_absolute_uri(
            reverse("publications:public_deliverable", args=[residency.pk, cahier.pk])
        )
        if cahier
        else None,
        "donnees_ouvertes": request.build_absolute_uri(
            reverse("publications:public_datapackage", args=[residency.pk])
        ),
        "sections": [
            {
                "cle": s.key,
                "titre": s.title,
                "texte": s.text,
                "disponible": s.available,
                "contenu": _plain(s.data),
            }
            for s in content.sections
        ],
    }


def openapi(request) -> dict[str, Any]:
    summary_schema = {
        "type": "object",
        "required": ["id", "titre", "code_insee", "commune", "licence", "page", "api"],
        "properties": {
            "id": {"type": "integer"},
            "titre": {"type": "string"},
            "code_insee": {"type": "string", "pattern": INSEE_RE.pattern},
            "millesime_cog": {"type": "integer"},
            "commune": {"type": "string"},
            "debut": {"type": "string", "format": "date"},
            "fin": {"type": "string", "format": "date"},
            "licence": {"type": "string", "enum": ["CC-BY-4.0", "CC-BY-SA-4.0", "etalab-2.0"]},
            "publiee_le": {"type": "string", "format": "date-time", "nullable": True},
            "page": {"type": "string", "format": "uri"},
            "api": {"type": "string", "format": "uri"},
        },
    }
    error = {
        "description": "Introuvable",
        "content": {
            "application/json": {"schema": {"type": "object", "properties": {"detail": {"type": "string"}}}}
        },
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Arpenteur — résidences publiées",
            "version": "1.0.0",
            "description": "API en lecture seule des résidences territoriales publiées (accord du commanditaire "
            "et de la coordination). Seul le contenu publiable y figure.",
            "license": {
                "name": "AGPL-3.0-or-later (logiciel) ; contenus sous la licence de chaque résidence"
            },
        },
        "servers": [{"url": request.build_absolute_uri("/")}],
        "paths": {
            "/api/v1/residences-publiees/": {
                "get": {
                    "summary": "Liste des résidences publiées",
                    "operationId": "listerResidencesPubliees",
                    "responses": {
                        "200": {
                            "description": "Les résidences publiées, les plus récentes d’abord",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "resultats": {
                                                "type": "array",
                                                "items": {"$ref": "#/components/schemas/Resume"},
                                            }
                                        },
                                    }
                                }
                            },
                        }
                    },
                }
            },
            "/api/v1/communes/{code_insee}/": {
                "get": {
                    "summary": "Résidences publiées d’une commune",
                    "operationId": "residencesParCommune",
                    "parameters": [
                        {
                            "name": "code_insee",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "pattern": INSEE_RE.pattern},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "Les résidences publiées de la commune",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "code_insee": {"type": "string"},
                                            "resultats": {
                                                "type": "array",
                                                "items": {"$ref": "#/components/schemas/Resume"},
                                            },
                                        },
                                    }
                                }
                            },
                        },
                        "404": error,
                    },
                }
            },
            "/api/v1/residences-publiees/{id}/": {
                "get": {
                    "summary": "Contenu publié d’une résidence",
                    "operationId": "residencePubliee",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
                    ],
                    "responses": {
                        "200": {
                            "description": "Les sections du cahier, avec leur contenu publiable",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/Residence"}}
                            },
                        },
                        "404": error,
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Resume": summary_schema,
                "Residence": {
                    "allOf": [
                        {"$ref": "#/components/schemas/Resume"},
                        {
                            "type": "object",
                            "properties": {
                                "question": {"type": "string"},
                                "presentation": {"type": "string"},
                                "equipe": {"type": "array", "items": {"type": "string"}},
                                "partenaires": {"type": "array", "items": {"type": "object"}},
                                "cahier_pdf": {"type": "string", "format": "uri", "nullable": True},
                                "donnees_ouvertes": {"type": "string", "format": "uri"},
                                "sections": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "properties": {
                                            "cle": {"type": "string"},
                                            "titre": {"type": "string"},
                                            "texte": {"type": "string"},
                                            "disponible": {"type": "boolean"},
                                            "contenu": {"type": "object"},
                                        },
                                    },
                                },
                            },
                        },
                    ]
                },
            }
        },
    }
