"""The readers' comments ("Kommune") of an article page: the real 2024 and 2023 pages, the
cases without comments, and the constructed hostile page."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tazreader.taz.errors import ParseError
from tazreader.taz.models import Article, Comment, Comments, article_from_dict, article_to_dict
from tazreader.taz.parse.article import parse_article, parse_comments
from tazreader.taz.parse.article._comments import MAX_COMMENTS
from tests.hostile.checks import check_article

FIXTURES = Path(__file__).parent.parent / "fixtures"
BERLIN = ZoneInfo("Europe/Berlin")
REAL_2024 = (FIXTURES / "fundus_Taz_2024_10_23.html").read_text("utf-8")
REAL_2023 = (FIXTURES / "fundus_Taz_2023_04_28.html").read_text("utf-8")
HOSTILE = FIXTURES / "constructed_article_comments_hostile.html"


def at(day: int, month: int, hour: int, minute: int, second: int, year: int = 2023) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=BERLIN)


# The comments of the real 2024 page, copied from it (tests/fixtures/fundus_Taz_2024_10_23.html;
# the line numbers are the page's): li#bb_message_<id> (3487, 3540, 3598), span.author (3502,
# 3555, 3613), time[datetime] (3518, 3571, 3629), the p's of the message (3523-3526, 3576-3580,
# 3634; runs of spaces collapsed). 4517276 sits in the ul.thread of 4515522 (3539).
REAL_COMMENTS = (
    Comment(
        "4515522", "Elon Musk kommt nicht ins Berghain", at(29, 4, 11, 14, 10),
        (
            "Der Entwurf atmet leider in weiten Teilen den Geist organisierter "
            "Transfeindlichkeit, erkennbar an den in solchen Kreisen mangels Faktenwissen höchst "
            "populären Fantasie-Szenarien, in denen Männer mal eben zum Spaß den "
            "Geschlechtseintrag ändern. Dass man als trans Person in diesem Land sofort Mensch "
            "zweiter Klasse ist und sich das kein cis Mann freiwillig antun würde wird dabei "
            "ebenso übersehen wie die völlige Weltfremdheit der von der FDP an die Wand gemalten "
            "Bedrohungsszenarien.",
            "In der Realität ist es nun mal so, dass in Schutzräumen überhaupt keine Kontrolle "
            "des Geschlechtseintrags erfolgt - wie auch, in meinem Personalausweis ist wie bei "
            "allen anderen Menschen in Deutschland schließlich gar kein Geschlecht vermerkt. Ich "
            "nutze als trans Frau übrigens auch ohne Personenstandsänderung Frauentoiletten. Ob "
            "ich solche \"Schutzräume\" nutzen darf, ist keine Frage von Verwaltungsakten, "
            "sondern ob ich weit genug als cis Frau durchgehe, um dort geduldet zu werden. Da "
            "wird nach Äußerlichkeiten diskriminiert, wie wir es als Frauen, egal ob cis oder "
            "trans, leider überall gewohnt sind.",
            "Im Saunafall würde es auch so laufen - jedenfalls theoretisch, ich kenne nämlich "
            "keine einzige trans Frau, die sich ohne perfektes Passing in Saunen traut, die sich "
            "nicht bereits eindeutig als trans-inklusiv positionieren. Hier kommt dann noch als "
            "weiterer Diskriminierungsfaktor die verbreitete Mischung aus Hass und "
            "Fetischisierung hinzu, der sich unoperierte oder noch nicht operierte trans Frauen "
            "ausgesetzt sehen.",
            "Der Gesetzesentwurf befeuert diese Ausgrenzung, statt ihr entgegenzuwirken. Er "
            "produziert eine aufgebauschte Phantomdebatte, die keine einzige cis Frau vor "
            "Übergriffen schützt, die aber das legitimierende Hintergrundrauschen für Übergriffe "
            "auf trans Frauen schafft, statt uns sichere Räume zuzugestehen, die auch wir "
            "benötigen. So sieht 2023 unser Alltag in diesem Land aus.",
        ),
    ),
    Comment(
        "4517276", "663534 (Profil gelöscht)", at(2, 5, 19, 4, 15),
        (
            "Ich denke doch, dass es (wenige) Männer gibt, denen nichts mehr etwas bedeutet und "
            "schon gar nicht ein Geschlechtseintrag bei einer staatlichen Institution, die sich "
            "mal zum \"Spass\" als Frau registrieren lassen könnten. Dieses Problem darf man aber "
            "nicht den Transsexuellen anlasten, ebenso wie eine sexuell motivierte Straftat "
            "eines Transsexuellen niemals allen Transsexuellen angelastet werden dürfte- das "
            "wäre klar menschenfeindlich.",
            "Ich sehe daher auch die Transsexuellen als die Opfer der gegenwärtigen Debatte, "
            "weil sie mehr oder weniger mit sexuell motivierten Straftaten in Zusammenhang "
            "gebracht werden, was nicht sein darf.",
            "Aber trotzdem ist es so, dass viele Frauen aufgrund von Gewalterfahrungen Angst vor "
            "(fremden) Menschen haben, die wie Männer aussehen und dass -insbesondere im "
            "Strafvollzug (eine ohnehin schon traumatisierende Situation) Ängste von Frauen bis "
            "in das Unermessliche getriggert werden können, wenn sie dort Menschen ausgeliefert "
            "sein könnten, die wie Männer aussehen. Es gibt Frauen, die nach sexuell motivierten "
            "Straftaten das Haus nicht mehr allein verlassen können und die noch nicht einmal "
            "mehr mit Handwerkern alleine in der Wohnung sein können etc. Dass diese Handwerker "
            "vielleicht keine Menschen sind, die zu Straftaten fähig sind, dass die Handwerker, "
            "die aussehen wie Männer, sich vielleicht als Frauen empfinden oder was auch immer, "
            "das dringt zu solchen Frauen nicht durch solange sie diese Personen nicht besser "
            "kennen und zu ihnen Vertrauen gefasst haben.",
            "Was ich auch absolut befürworte und fordere sind Schutzräume überall und sofort für "
            "Transsexuelle (besonders im Strafvollzug wo ja niemand freiwillig ist). Es wäre mE "
            "ein unerträgliches Verbrechen, wenn man Transsexuelle gegen deren Willen im "
            "Strafvollzug für Männer unterbringt wegen einer für mich auf der Hand liegenden "
            "Gefährdungslagen.",
            "Welche gesetzliche Regelung würden Sie denn begrüßen? Was wünschen Sie sich neben "
            "Schutzräumen (wie ich verstanden habe)?",
        ),
        reply_to="4515522",
    ),
    Comment(
        "4515509", "Magnus_15", at(29, 4, 10, 57, 46),
        (
            "Es ist falsch zu behaupten, die Einschränkungen kämen von der FDP. Ganz im "
            "Gegenteil haben hier Linke und Grüne viel mehr Einwände, weil sie befürchten dass "
            "Frauenräume gefährdet sind.",
        ),
    ),
)


def comments_of(page: str | bytes) -> Comments | None:
    """The page's comments as the article parser reads them; read on their own (what the cache
    does with a saved page, ``parse_comments``) they must be the same."""
    comments = parse_article(page).comments
    assert parse_comments(page) == comments
    return comments


def replaced(page: str, *edits: tuple[str, str]) -> str:
    """``page`` with each ``old`` (found exactly once) replaced by ``new``."""
    for old, new in edits:
        assert page.count(old) == 1, old
        page = page.replace(old, new)
    return page


# The real page's comment list, and its state marks (line numbers of the page).
LIST_START = '<ul class="comments-list comments-container columns is-multiline ">'  # 3484
LIST_END = "</ul>\n<script>\nfunction sortCommentsByDateTime"  # 3651-3653
CLOSED_DATA = ("isClosed:  true", "isClosed:  false")  # 2974
CLOSED_BOX = ("Die Kommentarfunktion unter diesem Artikel ist geschlossen.", "")  # 3176
COUNT = ("\n3 Kommentare\n", "\n0 Kommentare\n")  # 3000


def without_comments(page: str) -> str:
    """The real page with its comment list emptied (the section around it kept)."""
    start = page.index(LIST_START) + len(LIST_START)
    return page[:start] + "\n" + page[page.index(LIST_END):]


# --- the real pages -----------------------------------------------------------------------


def test_2024_every_comment_in_page_order_with_its_thread() -> None:
    comments = comments_of(REAL_2024)
    assert comments is not None
    assert comments.items == REAL_COMMENTS


def test_2024_count_and_closed_as_the_page_says() -> None:
    # "3 Kommentare" (line 3000) counts the reply; x-data isClosed: true (2974) and the box
    # "Die Kommentarfunktion unter diesem Artikel ist geschlossen." (3176).
    assert comments_of(REAL_2024) == Comments(REAL_COMMENTS, count=3, closed=True)


def test_2024_reply_marked_by_indentation_alone_keeps_its_place() -> None:
    # The same reply (li.mgl-xlarge, "@Elon Musk kommt nicht ins Berghain:") as a sibling of
    # the comment it answers instead of inside its ul.thread.
    flat = replaced(
        REAL_2024,
        ('\n<ul class="thread">\n<li', "\n</li>\n<li"),
        ("</li>\n</ul>\n</li>\n", "</li>\n"),
    )
    comments = comments_of(flat)
    assert comments is not None
    assert comments.items == REAL_COMMENTS


def test_2024_comments_are_read_although_the_article_tree_leaves_them_out() -> None:
    # The article parser cuts the page before div#kommune (it is longer than the article);
    # the comments come from the raw page. Both ways give the same.
    article = parse_article(REAL_2024)
    assert article.comments is not None and len(article.comments.items) == 3
    assert article.blocks == parse_article(without_comments(REAL_2024)).blocks


def test_2023_page_has_a_comment_section_and_no_comment_yet() -> None:
    # div.community.page (line 1168) with the form "Den ersten Beitrag schreiben" (1180) and no
    # .sect_commentlinks: open, nothing to show, nothing left to a script.
    assert comments_of(REAL_2023) == Comments()


def test_2023_design_comment_list_after_the_pages_own_script() -> None:
    # CONSTRUCTED (no 2023 capture has comments): the real 2023 page with a comment list built
    # to the selectors of its own script (line 1442: '.community.page >.body
    # >.sect_commentlinks' '>.sectbody >li, .thread >li', '>.author >h4', li ids with digits).
    block = (
        '<div role="region" class="odd sect sect_commentlinks"><ul class="sectbody">'
        '<li class="member" id="bb_message_100"><a class="author person"><h4>Anna A.</h4>'
        '<time datetime="2023-04-28T20:01:00+02:00">28.04.2023, 20:01</time></a>'
        "<p>Erster Kommentar.</p><p>Zweiter Absatz.</p>"
        '<ul class="toolbar"><li class="reply"><a>antworten</a></li>'
        '<li class="report"><a>melden</a></li></ul>'
        '<ul class="thread"><li class="member" id="bb_message_101">'
        '<a class="author person"><h4>Bernd B.</h4></a><p>Eine Antwort.</p></li></ul></li>'
        '<li class="member" id="bb_message_102"><a class="author person"><h4>Cem C.</h4></a>'
        "<p>Noch einer.</p></li></ul></div>"
    )
    page = replaced(REAL_2023, ('<span class="body" role="main"><div class="rack first_rack" '
                                'id="xid495498">', '<span class="body" role="main">' + block +
                                '<div class="rack first_rack" id="xid495498">'))
    comments = comments_of(page)
    assert comments is not None
    assert comments.items == (
        Comment("100", "Anna A.", at(28, 4, 20, 1, 0), ("Erster Kommentar.", "Zweiter Absatz.")),
        Comment("101", "Bernd B.", None, ("Eine Antwort.",), reply_to="100"),
        Comment("102", "Cem C.", None, ("Noch einer.",)),
    )
    assert not comments.scripted and not comments.closed


# --- the three cases without comments -------------------------------------------------------


def test_open_and_none_yet() -> None:
    page = replaced(without_comments(REAL_2024), CLOSED_DATA, CLOSED_BOX, COUNT)
    assert comments_of(page) == Comments((), count=0)


def test_closed_and_none() -> None:
    page = replaced(without_comments(REAL_2024), COUNT)
    assert comments_of(page) == Comments((), count=0, closed=True)


def test_left_to_a_script_when_the_count_promises_more_than_the_page_carries() -> None:
    page = replaced(without_comments(REAL_2024), CLOSED_DATA, CLOSED_BOX)
    assert comments_of(page) == Comments((), count=3, scripted=True)


def test_left_to_a_script_when_the_section_is_an_empty_shell() -> None:
    start = REAL_2024.index('<div id="kommune"')
    shell = (REAL_2024[:start] + '<div id="kommune" class="community page" data-src="/k/">'
             "</div></section></main></body></html>")
    assert comments_of(shell) == Comments((), scripted=True)


def test_constructed_2025_page_counts_comments_it_does_not_carry() -> None:
    # "2 Kommentare" and a paragraph, no comment list (constructed_article_h2_2025.html).
    assert comments_of((FIXTURES / "constructed_article_h2_2025.html").read_bytes()) == Comments(
        (), count=2, scripted=True
    )


def test_no_comment_section_at_all() -> None:
    assert comments_of((FIXTURES / "constructed_article_news.html").read_bytes()) is None


# --- hostile ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile() -> Article:
    return parse_article(HOSTILE.read_bytes())


def test_hostile_fixture_is_what_it_claims(hostile: Article) -> None:
    raw = HOSTILE.read_bytes()
    for needle in (b"\x1b[2J", b"\x1b]52;c;aGVsbG8=\x07", b"\x1b]8;;http://evil/\x1b\\", b"&#27;",
                   "\u202e".encode(), b"\x00", b"\x07", b"[@click=app.quit]quit[/]",
                   b"<script>alert(1)</script>", b'class="thread"', b"mgl-xlarge"):
        assert needle in raw, needle
    check_article(hostile)  # and nothing of it is left in the model


def test_hostile_comments_keep_markup_as_text_and_drop_controls(hostile: Article) -> None:
    comments = hostile.comments
    assert comments is not None
    assert [(c.id, c.author, c.reply_to) for c in comments.items] == [
        ("7000003", "Ruhige Leserin", None),
        ("7000001", "[bold red]Troll[/] [2JHeinz", None),
        ("7000002", "663535 (Profil gelöscht)", "7000001"),
        ("7000004", "Flache Antwort", "7000001"),  # indented, names Troll
        ("7000005", "Ohne Zeit", None),
    ]
    troll = comments.items[1]
    assert troll.paragraphs == (
        "Erster [@click=app.quit]quit[/] Absatz [2J]52;c;aGVsbG8= mit [31mrot[0m und gnitirw "
        "Ende.",
        "Zweiter Absatz",  # a <br> ends a paragraph
        "nach einem Umbruch, fett und ohne Skript.",  # no script text
        "12 Kommentare",
        "Die Kommentarfunktion unter diesem Artikel ist geschlossen.",
    )
    assert comments.items[2].paragraphs == (
        "Antwort mit [link=https://evil.example/]Link[/link] und ]8;;http://evil/\\Klick]8;;\\ "
        "darin.",
    )
    assert comments.items[4].published is None  # datetime="gestern"


def test_what_a_comment_says_is_not_the_pages_state(hostile: Article) -> None:
    # A comment says "12 Kommentare" and "Die Kommentarfunktion … ist geschlossen.": the page
    # says 5 and open.
    assert hostile.comments is not None
    assert (hostile.comments.count, hostile.comments.closed) == (5, False)
    assert not hostile.comments.scripted


def test_many_comments_are_capped_quickly() -> None:
    one = '<li class="comment" id="bb_message_{n}"><span class="author">A{n}</span><p>x</p></li>'
    many = "".join(one.format(n=n) for n in range(MAX_COMMENTS + 500))
    page = replaced(REAL_2024, (LIST_START, LIST_START + many))
    start = time.perf_counter()
    comments = comments_of(page)
    assert time.perf_counter() - start < 2
    assert comments is not None and len(comments.items) == MAX_COMMENTS


def test_comments_nested_beyond_the_parsers_limits_are_refused() -> None:
    deep = '<ul class="thread"><li class="comment">' * 300
    page = replaced(REAL_2024, (LIST_START, LIST_START + deep))
    with pytest.raises(ParseError, match="beyond the parser's limits"):
        parse_article(page)
    with pytest.raises(ParseError, match="beyond the parser's limits"):
        parse_comments(page)


# --- the JSON round trip (the cache) ----------------------------------------------------------


def test_comments_round_trip_through_json() -> None:
    article = parse_article(REAL_2024)
    assert article_from_dict(article_to_dict(article)) == article
    data = article_to_dict(article)["comments"]
    assert data["count"] == 3 and data["closed"] is True
    assert data["items"][1] == {
        "id": "4517276", "author": "663534 (Profil gelöscht)",
        "published": "2023-05-02T19:04:15+02:00",
        "paragraphs": list(REAL_COMMENTS[1].paragraphs), "reply_to": "4515522",
    }


def test_a_row_cached_before_comments_still_loads() -> None:
    data = article_to_dict(parse_article(REAL_2024))
    del data["comments"]
    assert article_from_dict(data).comments is None


def test_a_section_the_text_search_misses_is_read_from_the_tree_alike() -> None:
    # CONSTRUCTED from the real page: the id without quotes and no "community" anywhere, so
    # only the page's tree finds the section (the cache's own read must find it too).
    page = REAL_2024.replace('id="kommune"', "id=kommune").replace("community", "gemeinde")
    comments = comments_of(page)
    assert comments is not None and len(comments.items) == 3 and comments.closed


def test_a_decoy_section_in_the_head_is_no_section() -> None:
    # CONSTRUCTED (found in review): the section's id in an HTML comment in <head>.
    decoy = ('<!-- <div id="kommune"><ul><li class="comment" id="bb_message_9">x</li></ul>'
             "</div> -->")
    page = REAL_2024.replace("</head>", decoy + "</head>", 1)
    comments = comments_of(page)
    assert comments is not None and [c.id for c in comments.items] == [
        c.id for c in REAL_COMMENTS]
    assert comments.closed and comments.count == 3
