"""French search: accents, case, plurals and conjugations, ranking, symbols, facets — on both databases."""

import pytest
from django.http import QueryDict

from arpenteur.library import search
from arpenteur.library.browse import browse
from arpenteur.territories.models import Region

from .factories import ItemFactory

pytestmark = pytest.mark.django_db


def titles(params: str) -> list[str]:
    return [item.title for item in browse(QueryDict(params), with_facets=False).results]


@pytest.fixture
def catalogue(db):
    hdf = Region.objects.create(code="32", cog_year=2024, name="Hauts-de-France")
    bzh = Region.objects.create(code="53", cog_year=2024, name="Bretagne")
    return {
        "amenagement": ItemFactory(
            title="Guide de l'aménagement des centres-bourgs",
            summary="Réaménager les places et les rues.",
            themes=["amenagement"],
            region=hdf,
            year_start=2022,
        ),
        "energie": ItemFactory(
            title="Agir pour la transition énergétique",
            summary="Les collectivités peuvent planifier et aménager leur territoire.",
            themes=["energie"],
            structure="FLAME",
            region=bzh,
            year_start=2025,
        ),
        "eau": ItemFactory(
            title="Comment partager l'eau en France ?",
            summary="Les eaux souterraines et la gestion de la ressource.",
            themes=["eau", "adaptation"],
            item_type="livre",
            region=bzh,
            year_start=2025,
        ),
        "epicerie": ItemFactory(
            title="Une épicerie solidaire en centre-bourg",
            summary="Les habitants ont ouvert un commerce.",
            experience=True,
            themes=["commerce"],
            region=hdf,
            year_start=2019,
            project_type="service",
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("aménager", {"amenagement", "energie"}),  # verb finds the noun (title) and the verb (summary)
        ("AMENAGEMENTS", {"amenagement", "energie"}),  # case, accents and plural ignored
        ("amenagees", {"amenagement", "energie"}),
        ("énergie", {"energie"}),  # « énergétique »
        ("EAUX", {"eau"}),
        ("épiceries solidaires", {"epicerie"}),
        ("epicerie brest", set()),  # every word must match
        ("commerces", {"epicerie"}),
        ("amén", {"amenagement", "energie"}),  # search as you type
    ],
)
def test_french_matching(catalogue, query, expected):
    found = {key for key, item in catalogue.items() if item.title in titles(f"q={query}")}
    assert found == expected


def test_title_matches_rank_above_summary_matches(catalogue):
    assert titles("q=aménagement")[0] == catalogue["amenagement"].title


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "'",
        "*",
        "%%%",
        "eau\"'*()",
        "AND OR NOT",
        "NEAR(",
        "-eau",
        "^",
        ":*",
        "&|!",
        "l'",
        "\x00",
        "😀",
        "a" * 500,
    ],
)
def test_symbols_never_error(catalogue, query):
    params = QueryDict(mutable=True)
    params["q"] = query
    result = browse(params)
    list(result.results)
    assert result.facets


def test_symbols_around_words_still_search(catalogue):
    assert titles("q=%22eau%22%2A%28%29") == [catalogue["eau"].title]


def test_only_symbols_is_reported_and_shows_everything(catalogue):
    outcome = browse(QueryDict("q=%25%25%25"))
    assert outcome.ignored_query
    assert outcome.results.count() == 4


def test_facet_counts_are_disjunctive(catalogue):
    outcome = browse(QueryDict("theme=eau"))
    facets = {
        facet.param: {v.value: (v.count, v.selected) for v in values} for facet, values in outcome.facets
    }
    # The theme facet ignores its own filter: every theme keeps its count.
    assert facets["theme"]["eau"] == (1, True)
    assert facets["theme"]["amenagement"] == (1, False)
    assert facets["theme"]["commerce"] == (1, False)
    # Other facets count within the « eau » results only.
    assert facets["type"] == {"livre": (1, False)}
    assert facets["region"] == {"53": (1, False)}
    assert facets["periode"] == {"2020": (1, False)}


def test_facets_combine_with_the_search(catalogue):
    outcome = browse(QueryDict("q=aménager&region=53"))
    assert [i.title for i in outcome.results] == [catalogue["energie"].title]
    facets = {facet.param: {v.value: v.count for v in values} for facet, values in outcome.facets}
    assert facets["region"] == {"32": 1, "53": 1}
    assert facets["structure"] == {"FLAME": 1}


def test_values_of_one_facet_are_alternatives(catalogue):
    assert set(titles("theme=eau&theme=commerce")) == {catalogue["eau"].title, catalogue["epicerie"].title}
    assert titles("theme=eau&projet=service") == []


def test_bad_facet_values_are_ignored_or_match_nothing(catalogue):
    assert len(titles("periode=abc")) == 4
    assert titles("periode=1990") == []
    assert titles("nature=experience") == [catalogue["epicerie"].title]


def test_unpublished_items_are_never_found(catalogue):
    ItemFactory(title="Brouillon sur l'eau", themes=["eau"], is_published=False)
    assert titles("q=eau") == [catalogue["eau"].title]


def test_reindexing_follows_edits(catalogue):
    item = catalogue["eau"]
    item.title = "Partager les rivières"
    item.save()
    search.index_items([item.pk])
    assert titles("q=rivière") == [item.title]
    assert titles("q=France") == []


def test_highlight_marks_stemmed_matches_and_escapes():
    query = search.Query.parse("aménager")
    snippet = search.highlight("<b>Réaménager</b> ou aménager les Aménagements publics", query)
    assert "&lt;b&gt;" in snippet
    assert "<mark>aménager</mark>" in snippet
    assert "<mark>Aménagements</mark>" in snippet


def test_tokens_fold_and_stem():
    assert search.tokens("Les Aménagements") == "amenag"
    eau, rivieres = search.Query.parse("l'eau des rivières").terms
    assert eau == ("eau",) and "rivier" in rivieres
    assert not search.Query.parse("le la les *** !!")


def test_bulk_rebuild_task_reindexes_everything(catalogue):
    from arpenteur.library.models import Item
    from arpenteur.library.tasks import rebuild_search_index

    Item.objects.update(search_title="", search_body="")
    search.rebuild_database_index()
    assert titles("q=eau") == []
    result = rebuild_search_index.enqueue()
    assert result.return_value == 4
    assert titles("q=eau") == [catalogue["eau"].title]


def test_any_word_mode_finds_records_sharing_one_word_best_first(catalogue):
    assert titles("q=épicerie eau") == []
    found = titles("q=épicerie eau&mots=un")
    assert set(found) == {catalogue["epicerie"].title, catalogue["eau"].title}
    both = titles("q=aménager centres-bourgs&mots=un")
    assert both[0] == catalogue["amenagement"].title  # matches both words
    assert catalogue["epicerie"].title in both  # « centre-bourg » alone


def test_suggestion_queries_keep_telling_words_only():
    query = search.Query.about(["Comment mieux relier la gare aux quartiers ?", "Mobilités"])
    assert query.any_word and not query.prefix_last
    assert len(query.terms) == 4  # relier, gare, quartiers, mobilités


def test_theme_counts_are_the_same_beyond_the_theme_bits(catalogue):
    from arpenteur.library.models import Theme

    def theme_facet(params):
        return {
            v.value: v.count
            for facet, values in browse(QueryDict(params)).facets
            for v in values
            if facet.param == "theme"
        }

    expected = {"amenagement": 1, "energie": 1, "eau": 1, "adaptation": 1, "commerce": 1}
    assert theme_facet("") == expected
    assert theme_facet("q=eau") == {"eau": 1, "adaptation": 1}
    # A theme whose key does not fit in the bits: counted from the link table, same answers.
    Theme.objects.create(pk=100, slug="ruralite", name="Ruralité")
    ItemFactory(title="Vivre au village", themes=["ruralite", "eau"], year_start=2020)
    assert theme_facet("") == {**expected, "eau": 2, "ruralite": 1}
    assert theme_facet("q=village") == {"eau": 1, "ruralite": 1}
