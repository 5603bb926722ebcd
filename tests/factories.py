"""Hand-built articles, teasers and lists for the tests: one place for the builders.

Parser tests compare real text from real pages; these are for the layers above the parser
(store, service, app, text edition, exports), where an article of a known shape is the input.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from tazreader.store import Store
from tazreader.taz.models import (
    Article,
    Author,
    Block,
    Crumb,
    Image,
    Link,
    Listing,
    PageKind,
    Paragraph,
    Segment,
    Subhead,
    Tag,
    Teaser,
)
from tazreader.taz.parse.article import PARSER_VERSION, parse_article

BERLIN = ZoneInfo("Europe/Berlin")
T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def make_article(
    n: int,
    *,
    title: str = "Ein bisschen Fortschritt",
    kicker: str = "Selbstbestimmungsgesetz",
    teaser: str = "Der Entwurf ist da.",
    body: str = "Na endlich! Das Gesetz kommt.",
    authors: tuple[str, ...] = ("Nicole Opitz",),
    tags: tuple[str, ...] = ("Transgender",),
) -> Article:
    """Article number ``n`` (id 5900000 + n): every part of an article filled, an hour later
    than article ``n - 1``."""
    aid = str(5_900_000 + n)
    return Article(
        id=aid,
        url=f"https://taz.de/!{aid}/",
        title=title,
        kicker=kicker,
        teaser=teaser,
        authors=tuple(Author(a, f"https://taz.de/{a.replace(' ', '-')}/!a1/") for a in authors),
        byline="Kommentar von",
        published=datetime(2024, 10, 23, 18, 41, tzinfo=BERLIN) + timedelta(hours=n),
        sections=(Crumb("Politik", "https://taz.de/Politik/!p4615/"),),
        genre="Kommentar",
        image=Image("https://taz.de/picture/1/x.jpeg", "Bild", "Foto: X"),
        blocks=(
            Paragraph((Segment(body + " "), Segment("Link", 1))),
            Subhead("Zwischenzeile"),
        ),
        links=(Link("Link", "https://taz.de/!5931168/", PageKind.ARTICLE),),
        tags=tuple(Tag(t, f"https://taz.de/{t}/!t1/") for t in tags),
        related=(Teaser("5931168", "https://taz.de/!5931168/", "Verwandt", "K"),),
    )


def make_teaser(n: int) -> Teaser:
    """The list entry of :func:`make_article` ``n``."""
    return make_article(n).teaser_entry()


def bare_article(*blocks: Block, **fields: object) -> Article:
    """An article of ``blocks`` and nothing else but what ``fields`` give (id, url, title have
    defaults): for the output of one kind of block at a time."""
    base: dict[str, object] = {"id": "1", "url": "https://taz.de/!1234567/", "title": "T"}
    base.update(fields)
    return Article(blocks=blocks, **base)  # type: ignore[arg-type]


def paragraphs(*texts: str) -> tuple[Paragraph, ...]:
    """One plain paragraph a text."""
    return tuple(Paragraph((Segment(text),)) for text in texts)


def put_on_front(
    store: Store, article: Article, *, teaser: Teaser | None = None,
    url: str = "https://taz.de/", fetched_at: datetime | None = None,
) -> Article:
    """``article`` cached and the only entry of the cached front page (at ``url``)."""
    when = fetched_at or datetime.now(UTC)
    store.put_article(article, fetched_at=when, parser_version=PARSER_VERSION)
    entry = teaser or Teaser(article.id, article.url, article.title)
    store.put_listing(Listing("front", url, "taz.de", (entry,)), fetched_at=when)
    return article


REAL_PAGE = "fundus_Taz_2024_10_23.html"  # the real 2024 article page (!5928990)
# The real page and two constructed ones (a 2025 headline, a news piece): an article of each.
FIXTURE_ARTICLES = (REAL_PAGE, "constructed_article_h2_2025.html", "constructed_article_news.html")


def put_pages(store: Store, *names: str, **changes: object) -> list[Article]:
    """The fixture pages ``names`` parsed and cached with their raw pages (``changes``
    applied to each parse, e.g. a title an older parser would have read)."""
    from tests.server import FIXTURES

    now = datetime.now(UTC)
    out: list[Article] = []
    for name in names:
        raw = (FIXTURES / name).read_bytes()
        article = replace(parse_article(raw), **changes)  # type: ignore[arg-type]
        store.put_article(article, raw=raw, fetched_at=now, parser_version=PARSER_VERSION)
        out.append(article)
    return out


def put_real(store: Store, **changes: object) -> Article:
    """The real 2024 article page, parsed and cached with its raw page."""
    return put_pages(store, REAL_PAGE, **changes)[0]
