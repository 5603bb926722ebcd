"""Fetching a picture follows the client's rules for pages: on the site, the size cap, one
deadline; and what comes must be a picture — by its type and by its first bytes."""

from __future__ import annotations

import re

import httpx
import pytest

from tazreader.taz.client import TazClient
from tests.pictures.helpers import jpeg, noise_jpeg, png
from tests.server import FixtureServer

PICTURE = "/picture/6236752/310/Buschmann-Paus.jpeg"


@pytest.fixture
async def client(fixture_server: FixtureServer) -> TazClient:
    return TazClient(fixture_server.base_url, timeout=httpx.Timeout(2.0), retries=0,
                     max_bytes=200_000)


async def test_a_jpeg_and_a_png_are_fetched(client: TazClient, fixture_server: FixtureServer
                                            ) -> None:
    fixture_server.route(PICTURE, jpeg(), content_type="image/jpeg")
    fixture_server.route("/picture/1/310/a.png", png(), content_type="image/png")
    got = await client.fetch(fixture_server.url(PICTURE), picture=True)
    assert got.body == jpeg() and got.content_type == "image/jpeg"
    assert "image/jpeg" in fixture_server.hits()[-1].headers["accept"]
    assert (await client.fetch(fixture_server.url("/picture/1/310/a.png"), picture=True)).body
    await client.aclose()


@pytest.mark.parametrize(
    ("body", "ctype", "words"),
    [
        (b"<html><body>Seite</body></html>", "image/jpeg", "not a picture"),
        (b"\xff\xd8\xff" + b"x" * 100, "text/html", "is not a picture (text/html)"),
        (png(), "image/svg+xml", "is not a picture (image/svg+xml)"),
    ],
)
async def test_what_is_no_picture_is_refused(
    client: TazClient, fixture_server: FixtureServer, body: bytes, ctype: str, words: str
) -> None:
    fixture_server.route(PICTURE, body, content_type=ctype)
    with pytest.raises(TazClient.NotTaz, match=re.escape(words)):
        await client.fetch(fixture_server.url(PICTURE), picture=True)
    await client.aclose()


async def test_the_size_cap_holds_for_pictures(client: TazClient, fixture_server: FixtureServer
                                               ) -> None:
    fixture_server.route(PICTURE, noise_jpeg(600, 600), content_type="image/jpeg")
    with pytest.raises(TazClient.TooLarge):
        await client.fetch(fixture_server.url(PICTURE), picture=True)
    await client.aclose()


async def test_a_picture_elsewhere_is_not_fetched(client: TazClient) -> None:
    with pytest.raises(TazClient.NotTaz):
        await client.fetch("https://evil.example/picture/1/310/a.jpeg", picture=True)
    await client.aclose()
