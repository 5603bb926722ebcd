"""Hand-built articles and teasers for the store tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from tazreader.taz.models import (
    Article,
    Author,
    Crumb,
    Image,
    Link,
    PageKind,
    Paragraph,
    Segment,
    Subhead,
    Tag,
    Teaser,
)

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
    return make_article(n).teaser_entry()
