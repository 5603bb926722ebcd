"""Pictures inside the body (issue #12): a Figure block at its place in the text, its caption
and credit read like the lead picture's, in either design; its caption is kept text, so the
coverage measure counts it once on either side.

The NEW design reads ``constructed_drift_body_pictures.html`` (two pictures in the body, their
boxes copies of the real 2024 page's lead picture markup); the OLD design and the odd cases
change copies of the real pages and of that fixture in memory (never the files)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest

from tazreader.taz.models import COMPLETE, Figure, Image, Paragraph, Subhead
from tazreader.taz.parse.article import parse_article
from tazreader.taz.parse.article._coverage import measure
from tazreader.taz.parse.article._page import Page
from tazreader.taz.text import clean

FIXTURES = Path(__file__).parent.parent / "fixtures"
PICTURES = "constructed_drift_body_pictures.html"
OLD = "fundus_Taz_2023_04_28.html"
NEW = "fundus_Taz_2024_10_23.html"


def page(name: str) -> str:
    return (FIXTURES / name).read_text("utf-8")


def figcaptions(raw: str) -> list[str]:
    """The text of every ``figcaption`` of the page, as lxml reads it (the fixture's text)."""
    root = lxml.html.document_fromstring(raw)
    return [clean(f.text_content()) for f in root.iter("figcaption")]


def test_body_pictures_are_figures_at_their_place_with_the_fixtures_captions() -> None:
    raw = page(PICTURES)
    a = parse_article(raw)
    kinds = [type(b).__name__ for b in a.blocks]
    assert kinds == ["Paragraph", "Paragraph", "Figure", "Paragraph", "Subhead", "Paragraph",
                     "Figure", "Paragraph"]
    first, second = (b.image for b in a.blocks if isinstance(b, Figure))
    assert first == Image(
        "https://taz.de/picture/8300031/1900/Kanalwald-Pflanzaktion-1.jpeg",
        "Pflanzaktion im März: jeder Baum hat eine Patin",
        "Foto: Jana Roth/taz",
        "Menschen pflanzen Bäume am Ufer",
    )
    assert second == Image(
        "https://taz.de/picture/8300032/1900/Kanalwald-Karte-1.jpeg",
        "Die Flächen, die der Bezirk begrünen will",
        "",
        "Karte der geplanten Flächen am Kanal",
    )
    # The page's own figcaptions: the lead's, then the two in the body (caption + credit).
    lead_cap, first_cap, second_cap = figcaptions(raw)
    assert first_cap == f"{first.caption} {first.credit}"
    assert second_cap == second.caption
    # The lead picture stays the lead, and is not read again as a body picture.
    assert a.image is not None and a.image.url.endswith("/8300030/1900/Kanalwald-Erlen-1.jpeg")
    assert lead_cap == f"{a.image.caption} {a.image.credit}"
    assert [i.url for i in a.pictures] == [a.image.url, first.url, second.url]
    assert a.coverage is not None and a.coverage.kept == 1.0 and not a.incomplete


def test_a_body_caption_is_counted_as_page_text_once() -> None:
    """The caption is in the measure's reference: dropping the Figure blocks shows it missing
    (and keeping them brings the share back to 100 %, so nothing counts twice)."""
    raw = page(PICTURES)
    a = parse_article(raw)
    without = replace(a, blocks=tuple(b for b in a.blocks if not isinstance(b, Figure)))
    root = lxml.html.document_fromstring(raw)
    coverage = measure(Page(root, raw, None, "https://taz.de"), without)
    assert coverage.kept < COMPLETE
    assert coverage.missing == ("Pflanzaktion im März: jeder Baum hat eine Patin …",
                                "Die Flächen, die der Bezirk begrünen will")
    assert measure(Page(root, raw, None, "https://taz.de"), a).kept == 1.0


@pytest.mark.parametrize("name", [NEW, OLD])
def test_the_real_pages_have_no_body_picture_and_stay_whole(name: str) -> None:
    a = parse_article(page(name))
    assert not any(isinstance(b, Figure) for b in a.blocks)
    assert a.coverage is not None and a.coverage.kept == 1.0
    assert a.image is not None and a.pictures == (a.image,)


def old_page_with_a_body_picture() -> str:
    """The real 2023 page with a copy of its lead picture markup (``a.picture`` + ``p.caption``
    with its ``span.credit``) after the second body paragraph, picture and words changed."""
    raw = page(OLD)
    lead = re.search(r'<a xmlns="" class="full picture".*?</p>', raw, re.S)
    assert lead is not None
    copy = (lead.group(0)
            .replace("6236752", "6236999")
            .replace("Buschmann-Paus-Transsexuelle-Selbstbestimmungsrecht-1", "Standesamt-1")
            .replace("Marco Buschmann und Lisa Paus bei der Vorstellung der Eckpunkte des "
                     "Selbstbestimmungsgesetzes", "Ein Standesamt in Berlin-Mitte")
            .replace("Felix Zahn/imago", "Paul Lenz/dpa"))
    second = raw.index('<p xmlns="" class="article', raw.index('class="article even"') + 1)
    return raw[:second] + copy + "\n" + raw[second:]


def test_the_old_design_reads_a_body_picture_like_its_lead_picture() -> None:
    a = parse_article(old_page_with_a_body_picture())
    real = parse_article(page(OLD))
    assert a.image == real.image  # the lead is still the first picture
    assert isinstance(a.blocks[2], Figure)
    assert a.blocks[:2] == real.blocks[:2] and a.blocks[3:] == real.blocks[2:]
    assert a.blocks[2].image == Image(
        "https://taz.de/picture/6236999/948/Standesamt-1.jpeg",
        "Ein Standesamt in Berlin-Mitte",
        "Foto: Paul Lenz/dpa",
        "Marco Buschmann und Lisa Paus in den Räumen der Bundespressekonferemz",
    )
    assert a.coverage is not None and a.coverage.kept == 1.0


def test_a_picture_box_without_a_real_picture_is_set_aside_with_its_caption() -> None:
    """Only the 14-px placeholder left: no Figure, and its caption is not missing text."""
    raw = page(PICTURES)
    start = raw.index('<div data-pos="6" data-for="picture"')
    end = raw.index("</div>", start)
    box = re.sub(r"/8300032/\d+/", "/8300032/14/", raw[start:end])
    a = parse_article(raw[:start] + box + raw[end:])
    assert [b.image.url for b in a.blocks if isinstance(b, Figure)] == [
        "https://taz.de/picture/8300031/1900/Kanalwald-Pflanzaktion-1.jpeg"]
    assert isinstance(a.blocks[-1], Paragraph) and isinstance(a.blocks[-3], Subhead)
    assert a.coverage is not None and a.coverage.kept == 1.0


def test_a_picture_that_is_no_web_address_is_no_figure() -> None:
    raw = page(PICTURES)
    start = raw.index('<div data-pos="3" data-for="picture"')
    end = raw.index("</div>", start)
    box = re.sub(r'(href|srcset|src|iesrc)="\s*https://taz.de/picture/8300031/[^"]*"',
                 r'\1="javascript:alert(1)"', raw[start:end])
    a = parse_article(raw[:start] + box + raw[end:])
    assert len([b for b in a.blocks if isinstance(b, Figure)]) == 1
    assert all(i.url.startswith("https://") for i in a.pictures)


def test_a_gallery_gives_a_figure_for_each_of_its_pictures() -> None:
    """A guess (no capture of a taz gallery is known): a box of several figures, each with
    its caption after it, as the lead picture's."""
    raw = page(PICTURES)
    def figure(n: int) -> str:
        url = f"https://taz.de/picture/830004{n}/{{}}/Ufer-{n}.jpeg"
        return (f'<figure><a href="{url.format(1200)}"><img src="{url.format(14)}" alt="">'
                "</a></figure>")

    credit = '<span class="typo-fotocredit"><span class="credit-name">Foto: Ada Berg</span></span>'
    gallery = (f'<div data-pos="9" data-for="gallery" class="webelement-wrapper gallery">'
               f"{figure(1)}<figcaption>Das Ufer im Winter {credit}</figcaption>"
               f"{figure(2)}<figcaption>Das Ufer im Sommer</figcaption></div>")
    last = raw.index('<p class="bodytext paragraph last')
    a = parse_article(raw[:last] + gallery + raw[last:])
    images = [b.image for b in a.blocks if isinstance(b, Figure)][2:]
    assert [(i.url, i.caption, i.credit) for i in images] == [
        ("https://taz.de/picture/8300041/1200/Ufer-1.jpeg", "Das Ufer im Winter", "Foto: Ada Berg"),
        ("https://taz.de/picture/8300042/1200/Ufer-2.jpeg", "Das Ufer im Sommer", ""),
    ]
    assert a.coverage is not None and a.coverage.kept == 1.0


def test_a_picture_between_split_body_parts_is_a_body_picture_not_the_lead() -> None:
    raw = page(PICTURES)
    start = raw.index('<div data-pos="3" data-for="picture"')
    end = raw.index("</div>", start) + len("</div>")
    box = raw[start:end]
    without = raw[:start] + raw[end:]
    # Close the body container before the fourth paragraph, put the picture there, open it again.
    at = without.index('<p class="bodytext paragraph typo-bodytext is-block column pv-0 '
                       'is-8-tablet mgh-auto-tablet mobile-order-4"')
    reopen = '<div class="column main-article-corpus is-12"><div class="columns is-multiline">'
    split = without[:at] + "</div></div>\n" + box + "\n" + reopen + without[at:]
    a = parse_article(split)
    assert a.image is not None and "/8300030/" in a.image.url
    figures = [b.image.url for b in a.blocks if isinstance(b, Figure)]
    assert figures == ["https://taz.de/picture/8300031/1900/Kanalwald-Pflanzaktion-1.jpeg",
                       "https://taz.de/picture/8300032/1900/Kanalwald-Karte-1.jpeg"]
    assert isinstance(a.blocks[2], Figure)
