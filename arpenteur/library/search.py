"""French full-text search of the catalogue, the same on SQLite and PostgreSQL.

Why stemming happens here, in Python, and not in the database: SQLite has no French stemmer, and
PostgreSQL's `french` configuration does not stem exactly like Snowball-in-Python. Doing it once here
(Snowball French stemmer + accent folding) and storing the stems as plain space-separated tokens
makes both databases match exactly the same records for the same query; each database only indexes
tokens and ranks (FTS5 + bm25 on SQLite, a `simple` tsvector + ts_rank on PostgreSQL, created in
migration 0002). See docs/decisions.md.

A word gives up to two tokens: the stem of the accented word, folded (« aménagées » → amenag), and
the stem of the folded word (« amenagees » → amenage). The index holds both and the query asks for
either, so a visitor who types without accents finds the same records as one who types them.

Public API:
- `tokens(text)` → the index tokens of a text;
- `Query.parse(text)` → a parsed query (never raises; symbols are dropped); `any_word=True` asks for
  at least one of the words instead of all of them (ranking then favours records matching many);
- `Query.about(texts)` → an any-word query of the most telling words of a few texts (suggestions);
- `matching(queryset, query)` → the queryset restricted to matching items;
- `ranked(queryset, query)` → the same, annotated with `search_rank` and ordered by relevance;
- `highlight(text, query)` → an HTML-safe snippet with <mark> around matching words;
- `index_items(ids)` / `index_all()` → recompute the stored tokens (the database index follows).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

import snowballstemmer
from django.db import connection, transaction
from django.db.models import F, Func, IntegerField
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

STOPWORDS = frozenset(
    [
        "a",
        "afin",
        "ai",
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "cet",
        "cette",
        "d",
        "dans",
        "de",
        "des",
        "du",
        "elle",
        "elles",
        "en",
        "est",
        "et",
        "etc",
        "eu",
        "il",
        "ils",
        "je",
        "l",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "lui",
        "m",
        "ma",
        "mais",
        "me",
        "mes",
        "moi",
        "mon",
        "n",
        "ne",
        "nos",
        "notre",
        "nous",
        "on",
        "ou",
        "par",
        "pas",
        "pour",
        "qu",
        "que",
        "qui",
        "s",
        "sa",
        "se",
        "ses",
        "si",
        "son",
        "sont",
        "sur",
        "t",
        "ta",
        "te",
        "tes",
        "toi",
        "ton",
        "tu",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "y",
        "c",
        "j",
        "ete",
        "etre",
        "ont",
        "sans",
        "sous",
        "entre",
        "comme",
        "plus",
        "tres",
        "tout",
        "tous",
        "toute",
        "toutes",
        "cela",
        "ceci",
        "ca",
        "dont",
        "quand",
        "lors",
        "vers",
        "chez",
    ]
)

# Words of questions and enjeux that say nothing of their subject (« Comment mieux relier… ? »):
# left out of suggestion queries only, a visitor who types them still searches them.
VAGUE_WORDS = frozenset(
    [
        "comment",
        "quel",
        "quelle",
        "quels",
        "quelles",
        "pourquoi",
        "quoi",
        "mieux",
        "faire",
        "peut",
        "peuvent",
        "doit",
        "doivent",
        "aussi",
        "encore",
        "bien",
        "autre",
        "autres",
        "chaque",
        "nouveau",
        "nouvelle",
        "nouveaux",
        "nouvelles",
        "enjeu",
        "enjeux",
        "question",
    ]
)  # already folded (lower-case, no accents)

_WORD = re.compile(r"\w+", re.UNICODE)
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "’": "'"})
_STEMMER = snowballstemmer.stemmer("french")
MAX_QUERY_WORDS = 12


def fold(text: str) -> str:
    """Lower-case, accent-free ASCII letters and digits (other characters become spaces)."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_LIGATURES))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", stripped).strip()


@lru_cache(maxsize=50_000)
def word_variants(word: str) -> tuple[str, ...]:
    """The index tokens of one lower-case word (one or two), or () for a stop word."""
    folded = fold(word)
    if not folded or folded in STOPWORDS or " " in folded:
        return ()
    if len(folded) < 2 and not folded.isdigit():
        return ()
    variants = {_trim(fold(_STEMMER.stemWord(word))), _trim(_STEMMER.stemWord(folded))}
    return tuple(sorted(v for v in variants if v and " " not in v))


def _trim(stem: str) -> str:
    # Without its accents, a participle (« amenagees ») keeps a final e that Snowball only strips
    # from « aménagées »; dropping it everywhere (index and query alike) puts both on « amenag ».
    return stem[:-1] if len(stem) > 4 and stem.endswith("e") else stem


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().translate(_LIGATURES).replace("_", " "))


def tokens(text: str) -> str:
    """The space-separated index tokens of a text (order kept, for phrase-like ranking)."""
    out: list[str] = []
    for word in words(text):
        out.extend(word_variants(word))
    return " ".join(out)


@dataclass(frozen=True)
class Query:
    """A parsed search: for each meaningful word, its accepted tokens; the last word also as a prefix.

    Every word must match (AND), or at least one with `any_word`; within a word, any of its variants
    (OR). Words are only letters and
    digits, so nothing the visitor types can break the database's query syntax.
    """

    text: str
    terms: tuple[tuple[str, ...], ...]
    prefix_last: bool
    any_word: bool = False

    @classmethod
    def parse(cls, text: str | None, *, any_word: bool = False) -> Query:
        text = (text or "").strip()[:300]
        terms: list[tuple[str, ...]] = []
        for word in words(text):
            variants = word_variants(word)
            if variants and variants not in terms:
                terms.append(variants)
        terms = terms[:MAX_QUERY_WORDS]
        # Search-as-you-type: « amén » should find « aménagement »; only for a last word long enough
        # not to match half the catalogue.
        last_word = words(text)[-1] if words(text) else ""
        prefix_last = bool(terms) and len(fold(last_word)) >= 4 and not text.endswith(" ")
        return cls(text=text, terms=tuple(terms), prefix_last=prefix_last, any_word=any_word)

    @classmethod
    def about(cls, texts: Iterable[str], *, max_words: int = MAX_QUERY_WORDS) -> Query:
        """At least one of the telling words of `texts` (enjeu titles, code names…), for suggestions.

        Short words (« lien », « rue » are kept; « en », « ça » are not) and repeats are dropped; the
        first texts win when there are more words than `max_words`, so callers put the most
        important text first. Ranking (bm25 / ts_rank) then puts first the records sharing the most
        and the rarest of these words.
        """
        kept: list[str] = []
        seen: set[tuple[str, ...]] = set()
        for text in texts:
            for word in words(text or ""):
                variants = word_variants(word)
                folded = fold(word)
                if variants and len(folded) >= 3 and folded not in VAGUE_WORDS and variants not in seen:
                    seen.add(variants)
                    kept.append(word)
        # Whole words only: a prefix would widen the last word for no reason.
        return replace(cls.parse(" ".join(kept[:max_words]), any_word=True), prefix_last=False)

    def __bool__(self) -> bool:
        return bool(self.terms)

    @property
    def all_tokens(self) -> set[str]:
        return {token for variants in self.terms for token in variants}

    def fts5(self) -> str:
        groups = []
        for index, variants in enumerate(self.terms):
            star = "*" if self.prefix_last and index == len(self.terms) - 1 else ""
            groups.append("(" + " OR ".join(f'"{v}"{star}' for v in variants) + ")")
        return (" OR " if self.any_word else " AND ").join(groups)

    def tsquery(self) -> str:
        groups = []
        for index, variants in enumerate(self.terms):
            star = ":*" if self.prefix_last and index == len(self.terms) - 1 else ""
            groups.append("(" + " | ".join(f"{v}{star}" for v in variants) + ")")
        return (" | " if self.any_word else " & ").join(groups)

    def matches_token(self, token: str) -> bool:
        for index, variants in enumerate(self.terms):
            for variant in variants:
                if token == variant:
                    return True
                if self.prefix_last and index == len(self.terms) - 1 and token.startswith(variant):
                    return True
        return False


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def matching(queryset, query: Query):
    """Items of `queryset` that match every word of the query (all items for an empty query)."""
    if not query:
        return queryset
    # A raw sub-select on the index (which lives outside the ORM's models): unlike a table-qualified
    # condition, it stays valid when Django nests this queryset as a subquery (facet counts do).
    if _is_postgres():
        ids = RawSQL(
            "SELECT id FROM library_item WHERE search_vector @@ to_tsquery('simple', %s)", [query.tsquery()]
        )
        return queryset.filter(pk__in=ids)
    ids = RawSQL("SELECT rowid FROM library_item_fts WHERE library_item_fts MATCH %s", [query.fts5()])
    # `+id IN (…)` rather than `id IN (…)`: SQLite then scans the narrow facet index and checks
    # each id against the matches, instead of fetching tens of thousands of wide rows by primary key
    # (2 to 3 times faster per facet at 100,000 records, bench_library.py).
    return queryset.alias(_search_id=_Unindexed(F("pk"), output_field=IntegerField())).filter(
        _search_id__in=ids
    )


class _Unindexed(Func):
    """`+column`: the same value, which SQLite's planner will not look up through an index."""

    template = "+%(expressions)s"


def ranked(queryset, query: Query):
    """Matching items, best first: title matches weigh ten times body matches on both databases.

    The result is for display (a page, a map, an export), not for nesting in another query: the
    ranking joins the index by table name.
    """
    if not query:
        return queryset
    if _is_postgres():
        return queryset.extra(  # noqa: S610
            select={
                "search_rank": "ts_rank('{0.1, 0.2, 0.1, 1.0}', library_item.search_vector, "
                "to_tsquery('simple', %s))"
            },
            select_params=[query.tsquery()],
            where=["library_item.search_vector @@ to_tsquery('simple', %s)"],
            params=[query.tsquery()],
            order_by=["-search_rank", "title", "id"],
        )
    return queryset.extra(  # noqa: S610
        select={"search_rank": "-bm25(library_item_fts, 10.0, 1.0)"},
        tables=["library_item_fts"],
        where=["library_item_fts.rowid = library_item.id", "library_item_fts MATCH %s"],
        params=[query.fts5()],
        order_by=["-search_rank", "title", "id"],
    )


def highlight(text: str, query: Query, *, size: int = 260) -> SafeString:
    """An escaped excerpt of `text` around the first matching words, matches wrapped in <mark>."""
    text = " ".join((text or "").split())
    spans = []
    if query:
        for match in _WORD.finditer(text):
            word = match.group().lower().translate(_LIGATURES)
            if any(query.matches_token(token) for token in word_variants(word)):
                spans.append(match.span())
    start = 0
    if spans and spans[0][0] > size // 3:
        # Open the window a little before the first match, at a word boundary.
        start = text.rfind(" ", 0, spans[0][0] - size // 4) + 1
    end = min(len(text), start + size)
    if end < len(text):
        end = max(text.rfind(" ", start, end), spans[0][1] if spans and spans[0][1] < end else start + size)
    pieces = ["…" if start > 0 else ""]
    cursor = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        pieces.append(escape(text[cursor:span_start]))
        pieces.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    pieces.append(escape(text[cursor:end]))
    if end < len(text):
        pieces.append("…")
    return mark_safe("".join(pieces))  # every piece of text above is escaped


@lru_cache(maxsize=1)
def _labels() -> dict[str, dict[str, str]]:
    """The French labels of the types and project types, found by the search whatever the visitor's
    language (and computed once: `get_…_display()` translates every choice on each call)."""
    from django.utils import translation

    from .models import ItemType, ProjectType

    with translation.override("fr"):
        return {
            "item_type": {value: str(label) for value, label in ItemType.choices},
            "project_type": {value: str(label) for value, label in ProjectType.choices},
        }


def item_texts(item) -> tuple[str, str]:
    """What an item is found by: its title (weighted) and the rest."""
    labels = _labels()
    theme_names = " ".join(theme.name for theme in item.themes.all())
    body = " ".join(
        part
        for part in (
            item.author,
            item.structure,
            item.porteur,
            item.territory_name,
            theme_names,
            labels["item_type"].get(item.item_type, ""),
            labels["project_type"].get(item.project_type, ""),
            item.summary,
            item.objectives,
            item.lessons,
            item.instructors,
        )
        if part
    )
    return tokens(item.title), tokens(body)


def index_items(
    ids: Iterable[int] | None = None, *, batch_size: int = 500, database_index: bool = True
) -> int:
    """Recompute the search tokens of some items (all when `ids` is None); returns the count.

    This is the one function to call after items change (services, admin, imports and the bulk
    rebuild task all do). PostgreSQL's tsvector is a generated column and follows by itself; on
    SQLite the FTS5 rows of the batch are rewritten here (unless `database_index=False`, for a full
    rebuild that reloads the whole FTS table once afterwards). A deleted item may leave an FTS row
    behind: it matches no item any more, and `rebuild_database_index` sweeps it away.
    """
    from .models import Item  # here to keep this module free of import cycles

    queryset = Item.objects.order_by("pk").prefetch_related("themes")
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    count = 0
    batch = []
    with transaction.atomic():
        for item in queryset.iterator(chunk_size=batch_size):
            item.search_title, item.search_body = item_texts(item)
            item.theme_mask = theme_mask(item.themes.all())
            item.decade = decade_of(item.year_start)
            batch.append(item)
            if len(batch) >= batch_size:
                _write(batch, database_index)
                count += len(batch)
                batch = []
        if batch:
            _write(batch, database_index)
            count += len(batch)
    return count


def _write(batch, database_index: bool = True) -> None:
    # One prepared UPDATE per row rather than bulk_update: its CASE WHEN over the whole batch costs
    # O(batch²) on SQLite and most of the time in building the expression (bench_library.py).
    with connection.cursor() as cursor:
        cursor.executemany(
            "UPDATE library_item SET search_title = %s, search_body = %s, decade = %s, theme_mask = %s "
            "WHERE id = %s",
            [(item.search_title, item.search_body, item.decade, item.theme_mask, item.pk) for item in batch],
        )
        if _is_postgres() or not database_index:
            return
        ids = [item.pk for item in batch]
        cursor.execute(
            f"DELETE FROM library_item_fts WHERE rowid IN ({', '.join('%s' for _ in ids)})",  # noqa: S608
            ids,
        )
        cursor.executemany(
            "INSERT INTO library_item_fts(rowid, search_title, search_body) VALUES (%s, %s, %s)",
            [(item.pk, item.search_title, item.search_body) for item in batch],
        )


MASKED_THEMES = 63  # themes whose primary key fits in a signed 64-bit integer's bits


def theme_mask(themes) -> int:
    return sum(1 << theme.pk for theme in themes if theme.pk < MASKED_THEMES)


def decade_of(year: int | None) -> int | None:
    return (year // 10) * 10 if year else None


def rebuild_database_index() -> None:
    """Rebuild the database-side index from the stored tokens (after a raw bulk load or deletions)."""
    if not _is_postgres():  # PostgreSQL's generated column is always up to date
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM library_item_fts")
            cursor.execute(
                "INSERT INTO library_item_fts(rowid, search_title, search_body) "
                "SELECT id, search_title, search_body FROM library_item"
            )
    refresh_statistics()


def refresh_statistics() -> None:
    """Let the database's planner know the catalogue's real size after a bulk change.

    Without statistics SQLite guesses that `kind = 'experience'` or `is_published` select ~10 rows,
    drives the search join from library_item and runs the full-text MATCH once per row: 8 s instead
    of 7 ms for a search of experiences in a 20,000-record catalogue (bench_library.py). ANALYZE of
    the library's tables takes well under a second, even at 100,000 records.

    On PostgreSQL, outside a transaction (the background tasks), VACUUM as well: a bulk reindex
    rewrites every row, and the dead copies slowed every facet count by a third at 100,000 records.
    """
    tables = ["library_item", "library_item_themes", "library_theme"]
    command = "VACUUM ANALYZE" if _is_postgres() and not connection.in_atomic_block else "ANALYZE"
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"{command} {table}")  # noqa: S608 — fixed names


# Migration 0002 runs these; keep them here so a future migration that remakes the table on
# SQLite (which drops nothing here: the FTS table is separate) or moves databases can reuse them.
SQLITE_INDEX_SQL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS library_item_fts USING fts5("
    "search_title, search_body, tokenize='unicode61 remove_diacritics 2', prefix='3 4')",
]
SQLITE_INDEX_DROP_SQL = ["DROP TABLE IF EXISTS library_item_fts"]
POSTGRES_INDEX_SQL = [
    "ALTER TABLE library_item ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple'::regconfig, coalesce(search_title, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(search_body, '')), 'B')) STORED",
    "CREATE INDEX library_item_search_vector ON library_item USING gin (search_vector)",
]
POSTGRES_INDEX_DROP_SQL = [
    "DROP INDEX IF EXISTS library_item_search_vector",
    "ALTER TABLE library_item DROP COLUMN IF EXISTS search_vector",
]
