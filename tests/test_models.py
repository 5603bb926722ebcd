import json
from datetime import datetime
from zoneinfo import ZoneInfo

from tazreader.taz.models import (
    Article,
    Author,
    Image,
    InfoBox,
    Link,
    ListBlock,
    PageKind,
    Paragraph,
    Quote,
    Segment,
    Subhead,
    Tag,
    Teaser,
    article_from_dict,
    article_to_dict,
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
