"""The URL normaliser either understands a string or raises BadUrl — nothing else."""

from hypothesis import given, settings
from hypothesis import strategies as st

from tazreader.taz.models import PageKind
from tazreader.taz.urls import BadUrl, parse_url

_pieces = st.sampled_from(
    ["https://", "http://", "taz.de", "www.taz.de", "/", "!", "!=", "!p", "!t", "!a", "!s=",
     "5928990", "4615", ";rss", "&s=", "?search_page=", "%", "%2B", "..", "#", ":", "@", "[", "]",
     "javascript:", "file:///", "data:,", " ", "\x00", "\u202e", "Ö", "&", "?", "=", "-1", "99999"]
)


@settings(max_examples=400, deadline=500)
@given(st.lists(st.one_of(_pieces, st.text(max_size=6)), max_size=12).map("".join))
def test_parse_url_never_raises_anything_but_badurl(raw: str) -> None:
    try:
        t = parse_url(raw)
    except BadUrl:
        return
    assert isinstance(t.kind, PageKind)
    if t.kind is not PageKind.EXTERNAL:
        assert t.url.startswith("https://taz.de/")
        again = parse_url(t.url)
        assert again.url == t.url, "canonical form must be stable"
        assert again.kind is t.kind
