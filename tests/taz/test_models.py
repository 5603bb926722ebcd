import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tazreader.taz.models import (
    Article,
    Author,
    Coverage,
    Embed,
    Figure,
    Image,
    InfoBox,
    Link,
    ListBlock,
    Listing,
    PageKind,
    Paragraph,
    Question,
    Quote,
    Segment,
    Subhead,
    Tag,
    Teaser,
    TickerEntry,
    article_from_dict,
    article_to_dict,
    listing_from_dict,
    listing_to_dict,
)


def test_article_json_round_trip() -> None:
    a = Article(
        id="5928990",
        url="https://taz.de/!5928990/",
        title="Ein bisschen Fortschritt",
        kicker="Entwurf des Selbstbestimmungsgesetzes",
        authors=(Author("Nicole Opitz", "https://taz.de/Nicole-Opitz/!a52218/"),),
        published=datetime(2023, 4, 28, 18, 41, tzinfo=ZoneInfo("Europe/Berlin")),
        image=Image("https://taz.de/picture/1/1900/x.jpeg", "Bild", "Foto: X"),
        blocks=(
            Paragraph((Segment("Na endlich! "), Segment("Link", 1))),
            Subhead("Sonderklausel"),
            Quote((Segment("Zitat"),), "Wer"),
            InfoBox("Info", ((Segment("a"),),)),
            ListBlock(((Segment("x"),), (Segment("y"),)), ordered=True),
        ),
        links=(Link("Link", "https://taz.de/!5931168/", PageKind.ARTICLE),),
        tags=(Tag("Transgender", "https://taz.de/Transgender/!t5523976/", True),),
        related=(Teaser("1", "https://taz.de/!1/", "T", "K"),),
    )
    again = article_from_dict(json.loads(json.dumps(article_to_dict(a))))
    assert again == a
    assert again.published is not None and again.published.utcoffset() is not None
    assert a.headline == "Entwurf des Selbstbestimmungsgesetzes: Ein bisschen Fortschritt"


def test_listing_kind_is_the_page_kind_and_its_fields_are_typed() -> None:
    listing = Listing("search", "https://taz.de/!s=Klima/", "Suche: Klima", query="Klima",
                      page=2, print_archive=("1204377",))
    assert listing.kind is PageKind.SEARCH
    data = json.loads(json.dumps(listing_to_dict(listing)))
    assert data["kind"] == "search" and data["print_archive"] == ["1204377"]
    assert listing_from_dict(data) == listing
    with pytest.raises(ValueError):
        Listing(PageKind.ARTICLE, "https://taz.de/!1/", "no list")


def test_listing_cached_with_extra_is_still_read() -> None:
    # A row written before Listing had typed fields: everything was a string in "extra".
    old = {
        "schema": 1, "kind": "search", "url": "https://taz.de/!s=Klima/", "title": "Suche: Klima",
        "teasers": [], "total": 347, "next_url": None, "description": "",
        "extra": {"query": "Klima", "page": "2", "print_archive": "1204377 1311920"},
    }
    listing = listing_from_dict(old)
    assert (listing.kind, listing.query, listing.page, listing.print_archive) == (
        PageKind.SEARCH, "Klima", 2, ("1204377", "1311920"))
    author = listing_from_dict({"kind": "author", "url": "https://taz.de/Nicole-Opitz/!a52218/",
                                "title": "Nicole Opitz", "extra": {"role": "Redakteurin"}})
    assert (author.kind, author.role) == (PageKind.AUTHOR, "Redakteurin")


def test_new_blocks_source_and_coverage_round_trip() -> None:
    a = Article(
        id="6150010", url="https://taz.de/!6150010/", title="Der Tag",
        blocks=(
            Question((Segment("taz: Wie war der Tag?"),)),
            Embed("video", "Die Rede", 1),
            TickerEntry("14:32", "Bahn streikt", ((Segment("Kein Zug."),),)),
        ),
        source="dpa",
        coverage=Coverage(0.734, ("Ein Absatz, der fehlt …",)),
    )
    data = json.loads(json.dumps(article_to_dict(a)))
    assert data["coverage"] == {"kept": 0.734, "incomplete": True,
                                "missing": ["Ein Absatz, der fehlt …"], "fallback": False}
    again = article_from_dict(data)
    assert again == a and again.incomplete
    assert not Article("1", "u", "t", coverage=Coverage(0.95)).incomplete
    assert Article("1", "u", "t", coverage=Coverage(1.0, fallback=True)).incomplete


def test_article_cached_before_coverage_is_read_as_not_measured() -> None:
    old = {"schema": 1, "id": "5928990", "url": "https://taz.de/!5928990/", "title": "T",
           "blocks": [{"kind": "paragraph", "segments": [["Text", None]]}]}
    a = article_from_dict(old)
    assert (a.coverage, a.source, a.incomplete) == (None, "", False)
    assert a.blocks == (Paragraph((Segment("Text"),)),)


def test_a_body_picture_round_trips_and_an_old_row_still_reads() -> None:
    lead = Image("https://taz.de/picture/1/1900/a.jpeg", "Vorn", "Foto: A")
    body = Image("https://taz.de/picture/2/1900/b.jpeg", "Mitten im Text", "Foto: B/dpa", "Alt")
    a = Article(
        id="6150030", url="https://taz.de/!6150030/", title="Bilder", image=lead,
        blocks=(Paragraph((Segment("Eins."),)), Figure(body), Paragraph((Segment("Zwei."),)),
                Figure(lead)),
    )
    data = json.loads(json.dumps(article_to_dict(a)))
    assert data["blocks"][1] == {"kind": "figure", "image": {
        "url": "https://taz.de/picture/2/1900/b.jpeg", "caption": "Mitten im Text",
        "credit": "Foto: B/dpa", "alt": "Alt"}}
    again = article_from_dict(data)
    assert again == a
    assert again.pictures == (lead, body)  # the lead first, each picture once
    # A row cached before body pictures: its lead picture as it was, no figure in its blocks.
    old = {"schema": 1, "id": "5928990", "url": "https://taz.de/!5928990/", "title": "T",
           "image": {"url": "https://taz.de/picture/1/1900/a.jpeg", "caption": "Vorn"},
           "blocks": [{"kind": "paragraph", "segments": [["Text", None]]}]}
    read = article_from_dict(old)
    assert read.image == Image("https://taz.de/picture/1/1900/a.jpeg", "Vorn")
    assert read.pictures == (read.image,)
    # A figure row missing its optional fields (or with odd ones) still reads.
    sparse = article_from_dict({**old, "blocks": [
        {"kind": "figure", "image": {"url": "https://taz.de/picture/3/85/c.jpeg",
                                     "caption": None}}]})
    assert sparse.blocks == (Figure(Image("https://taz.de/picture/3/85/c.jpeg")),)


def test_pictures_are_web_addresses_only() -> None:
    a = Article("1", "https://taz.de/!1/", "t", image=Image("javascript:alert(1)"),
                blocks=(Figure(Image("data:image/png;base64,AAAA")),
                        Figure(Image("https://taz.de/picture/4/85/d.jpeg"))))
    assert [i.url for i in a.pictures] == ["https://taz.de/picture/4/85/d.jpeg"]
