"""TazClient against a real HTTP server on 127.0.0.1 with injected faults."""

from __future__ import annotations

import asyncio
import email.utils
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from tazreader.taz.client import USER_AGENT, FetchResult, TazClient, retry_after_seconds
from tests.server import FixtureServer

ARTICLE = "/!5928990/"
SLUG_ARTICLE = "/Entwurf-des-Selbstbestimmungsgesetzes/!5928990/"


def make_client(server: FixtureServer, **kwargs: object) -> TazClient:
    options: dict[str, object] = {
        "timeout": httpx.Timeout(0.5, connect=0.5),
        "backoff": 0.01,
        "retries": 2,
    }
    options.update(kwargs)
    return TazClient(server.base_url, **options)  # type: ignore[arg-type]


@pytest.fixture
async def client(fixture_server: FixtureServer) -> AsyncIterator[TazClient]:
    async with make_client(fixture_server) as c:
        yield c


async def test_fetches_article_with_metadata(
    client: TazClient, fixture_server: FixtureServer
) -> None:
    result = await client.fetch(fixture_server.url(SLUG_ARTICLE))
    assert result.status == 200
    assert not result.not_modified
    assert result.url == fixture_server.url(ARTICLE)  # canonical
    assert b"Ein bisschen Fortschritt" in result.body
    assert result.etag and result.etag.startswith('"')
    assert result.last_modified == fixture_server.last_modified
    assert result.content_type.startswith("text/html")
    assert result.fetched_at.tzinfo is not None
    sent = fixture_server.hits(ARTICLE)[0].headers
    assert sent["user-agent"] == USER_AGENT
    assert USER_AGENT.startswith("tazreader/0") and "terminal reader for taz.de" in USER_AGENT


async def test_taz_url_is_fetched_from_the_mirror(
    client: TazClient, fixture_server: FixtureServer
) -> None:
    result = await client.fetch("https://taz.de/Entwurf/!5928990/")
    assert result.status == 200
    assert result.url == fixture_server.url(ARTICLE)
    assert [r.path for r in fixture_server.hits()] == [ARTICLE]


async def test_non_taz_url_is_refused_without_a_request(
    client: TazClient, fixture_server: FixtureServer
) -> None:
    with pytest.raises(TazClient.NotTaz):
        await client.fetch("https://example.org/!5928990/")
    assert fixture_server.hits() == []


async def test_304_with_etag(client: TazClient, fixture_server: FixtureServer) -> None:
    first = await client.fetch(fixture_server.url(ARTICLE))
    again = await client.fetch(fixture_server.url(ARTICLE), etag=first.etag)
    assert again.status == 304 and again.not_modified
    assert again.body == b""
    assert fixture_server.hits()[-1].headers["if-none-match"] == first.etag
    changed = await client.fetch(fixture_server.url(ARTICLE), etag='"something-else"')
    assert changed.status == 200 and changed.body == first.body


async def test_304_with_last_modified(client: TazClient, fixture_server: FixtureServer) -> None:
    first = await client.fetch(fixture_server.url(ARTICLE))
    again = await client.fetch(fixture_server.url(ARTICLE), last_modified=first.last_modified)
    assert again.not_modified
    assert fixture_server.hits()[-1].headers["if-modified-since"] == first.last_modified


async def test_slow_server_times_out_as_offline(fixture_server: FixtureServer) -> None:
    fixture_server.fault(ARTICLE, delay=3.0)
    async with make_client(fixture_server, timeout=httpx.Timeout(0.2), retries=1) as c:
        start = time.monotonic()
        with pytest.raises(TazClient.Offline) as info:
            await c.fetch(fixture_server.url(ARTICLE))
    assert "did not answer in 0.2 s" in str(info.value)
    assert "offline?" in str(info.value)
    assert isinstance(info.value.__cause__, httpx.TimeoutException)
    assert len(fixture_server.hits(ARTICLE)) == 2  # first try + one retry
    assert time.monotonic() - start < 2.0  # did not wait for the server


async def test_slow_mid_body_times_out(fixture_server: FixtureServer) -> None:
    fixture_server.fault(ARTICLE, body_delay=1.0)
    async with make_client(fixture_server, timeout=httpx.Timeout(0.2), retries=0) as c:
        with pytest.raises(TazClient.Offline):
            await c.fetch(fixture_server.url(ARTICLE))


async def test_trickling_server_hits_the_deadline(fixture_server: FixtureServer) -> None:
    fixture_server.fault(ARTICLE, trickle=0.25)  # each read is quick, the whole takes 2.5 s
    async with make_client(
        fixture_server, timeout=httpx.Timeout(0.5), retries=0, deadline=0.6
    ) as c:
        start = time.monotonic()
        with pytest.raises(TazClient.Offline) as info:
            await c.fetch(fixture_server.url(ARTICLE))
    assert "too slow" in str(info.value) and "0.6 s" in str(info.value)
    assert time.monotonic() - start < 2.0
    fixture_server.clear_faults()
    fixture_server.fault(ARTICLE, trickle=0.02)
    async with make_client(fixture_server, timeout=httpx.Timeout(0.3), deadline=2) as c:
        assert (await c.fetch(fixture_server.url(ARTICLE))).status == 200


async def test_404_is_not_found_and_not_retried(
    client: TazClient, fixture_server: FixtureServer
) -> None:
    with pytest.raises(TazClient.NotFound) as info:
        await client.fetch(fixture_server.url("/!1234567/"))
    assert "does not exist" in str(info.value)
    assert isinstance(info.value, TazClient.Error)
    assert len(fixture_server.hits("/!1234567/")) == 1


async def test_410_is_not_found(client: TazClient, fixture_server: FixtureServer) -> None:
    fixture_server.fault(ARTICLE, status=410)
    with pytest.raises(TazClient.NotFound):
        await client.fetch(fixture_server.url(ARTICLE))


async def test_other_4xx_is_not_retried(client: TazClient, fixture_server: FixtureServer) -> None:
    fixture_server.fault(ARTICLE, status=403)
    with pytest.raises(TazClient.Error) as info:
        await client.fetch(fixture_server.url(ARTICLE))
    assert "403" in str(info.value)
    assert len(fixture_server.hits(ARTICLE)) == 1


async def test_500_then_success_is_retried(
    client: TazClient, fixture_server: FixtureServer
) -> None:
    fault = fixture_server.fault(ARTICLE, status=500, times=2)
    result = await client.fetch(fixture_server.url(ARTICLE))
    assert result.status == 200 and b"Fortschritt" in result.body
    assert fault.hits == 2
    assert len(fixture_server.hits(ARTICLE)) == 3


async def test_500_forever_is_server_error(
    client: TazClient, fixture_server: FixtureServer
) -> None:
    fixture_server.fault(ARTICLE, status=503)
    with pytest.raises(TazClient.ServerError) as info:
        await client.fetch(fixture_server.url(ARTICLE))
    assert "HTTP 503" in str(info.value)
    assert len(fixture_server.hits(ARTICLE)) == 3  # retries=2


async def test_429_honours_retry_after_seconds(
    client: TazClient, fixture_server: FixtureServer
) -> None:
    fixture_server.fault(ARTICLE, status=429, retry_after="1", times=1)
    start = time.monotonic()
    result = await client.fetch(fixture_server.url(ARTICLE))
    waited = time.monotonic() - start
    assert result.status == 200
    assert waited >= 0.9  # the backoff alone would be ~0.01 s
    first, second = fixture_server.hits(ARTICLE)
    assert second.at - first.at >= 0.9


async def test_429_retry_after_is_capped(fixture_server: FixtureServer) -> None:
    fixture_server.fault(ARTICLE, status=429, retry_after="3600", times=1)
    async with make_client(fixture_server, max_retry_wait=0.2) as c:
        start = time.monotonic()
        result = await c.fetch(fixture_server.url(ARTICLE))
    assert result.status == 200
    assert time.monotonic() - start < 1.0


async def test_429_forever_is_server_error(fixture_server: FixtureServer) -> None:
    fixture_server.fault(ARTICLE, status=429, retry_after="0")
    async with make_client(fixture_server, retries=1) as c:
        with pytest.raises(TazClient.ServerError) as info:
            await c.fetch(fixture_server.url(ARTICLE))
    assert "429" in str(info.value)
    assert len(fixture_server.hits(ARTICLE)) == 2


def test_retry_after_http_date() -> None:
    now = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    later = email.utils.format_datetime(now + timedelta(seconds=7), usegmt=True)
    assert retry_after_seconds(later, now) == pytest.approx(7)
    past = email.utils.format_datetime(now - timedelta(seconds=7), usegmt=True)
    assert retry_after_seconds(past, now) == 0
    assert retry_after_seconds("12", now) == 12
    assert retry_after_seconds("soon", now) is None
    assert retry_after_seconds(None, now) is None


async def test_body_cut_mid_stream_is_an_error_not_half_a_page(
    client: TazClient, fixture_server: FixtureServer
) -> None:
    fault = fixture_server.fault(ARTICLE, cut=True)
    with pytest.raises(TazClient.ServerError) as info:
        await client.fetch(fixture_server.url(ARTICLE))
    assert "broke off" in str(info.value)
    assert isinstance(info.value.__cause__, httpx.RemoteProtocolError)
    assert fault.hits == 3  # retried


async def test_body_cut_once_then_whole(client: TazClient, fixture_server: FixtureServer) -> None:
    fixture_server.fault(ARTICLE, cut=True, times=1)
    result = await client.fetch(fixture_server.url(ARTICLE))
    whole = fixture_server.content(ARTICLE)
    assert whole is not None and result.body == whole.body


async def test_garbage_bytes_are_not_taz(client: TazClient, fixture_server: FixtureServer) -> None:
    fixture_server.fault(ARTICLE, garbage=True)
    with pytest.raises(TazClient.NotTaz):
        await client.fetch(fixture_server.url(ARTICLE))
    assert len(fixture_server.hits(ARTICLE)) == 1


async def test_wrong_content_type_is_not_taz(
    client: TazClient, fixture_server: FixtureServer
) -> None:
    fixture_server.fault(ARTICLE, content_type="application/pdf")
    with pytest.raises(TazClient.NotTaz) as info:
        await client.fetch(fixture_server.url(ARTICLE))
    assert "application/pdf" in str(info.value)


async def test_redirect_to_another_host_is_refused(
    client: TazClient, fixture_server: FixtureServer
) -> None:
    fixture_server.fault(ARTICLE, redirect="http://evil.example/!5928990/")
    with pytest.raises(TazClient.NotTaz) as info:
        await client.fetch(fixture_server.url(ARTICLE))
    assert "evil.example" in str(info.value)
    assert len(fixture_server.hits()) == 1


async def test_redirect_within_the_site_is_followed(
    client: TazClient, fixture_server: FixtureServer
) -> None:
    fixture_server.fault(ARTICLE, redirect=SLUG_ARTICLE, status=301)
    result = await client.fetch(fixture_server.url(ARTICLE))
    assert result.status == 200 and b"Fortschritt" in result.body
    assert result.url == fixture_server.url(ARTICLE)
    assert [r.path for r in fixture_server.hits()] == [ARTICLE, SLUG_ARTICLE]


async def test_redirect_to_taz_host_stays_on_the_mirror(
    client: TazClient, fixture_server: FixtureServer
) -> None:
    fixture_server.fault("/!4000000/", redirect="https://taz.de" + SLUG_ARTICLE)
    result = await client.fetch(fixture_server.url("/!4000000/"))
    assert result.status == 200
    assert result.url == fixture_server.url(ARTICLE)
    assert [r.path for r in fixture_server.hits()] == ["/!4000000/", SLUG_ARTICLE]


async def test_redirect_loop_gives_up(client: TazClient, fixture_server: FixtureServer) -> None:
    fixture_server.fault("/!4000000/", redirect="/!4000001/")
    fixture_server.fault("/!4000001/", redirect="/!4000000/")
    with pytest.raises(TazClient.NotTaz):
        await client.fetch(fixture_server.url("/!4000000/"))
    assert len(fixture_server.hits()) == 2


async def test_oversized_body_with_content_length(fixture_server: FixtureServer) -> None:
    fixture_server.fault(ARTICLE, oversize=300_000)
    async with make_client(fixture_server, max_bytes=100_000) as c:
        with pytest.raises(TazClient.TooLarge) as info:
            await c.fetch(fixture_server.url(ARTICLE))
    assert "too large" in str(info.value)


async def test_oversized_body_streamed_without_length(fixture_server: FixtureServer) -> None:
    fixture_server.fault(ARTICLE, oversize=300_000, chunked_oversize=True)
    async with make_client(fixture_server, max_bytes=100_000) as c:
        with pytest.raises(TazClient.TooLarge):
            await c.fetch(fixture_server.url(ARTICLE))
    fixture_server.clear_faults()
    async with make_client(fixture_server, max_bytes=100_000) as c:
        with pytest.raises(TazClient.TooLarge):  # the real page is 160 KB
            await c.fetch(fixture_server.url(ARTICLE))
    async with make_client(fixture_server, max_bytes=400_000) as c:
        assert (await c.fetch(fixture_server.url(ARTICLE))).status == 200


async def test_connection_refused_is_offline(fixture_server: FixtureServer) -> None:
    async with make_client(fixture_server, retries=1) as c:
        assert (await c.fetch(fixture_server.url(ARTICLE))).status == 200
        fixture_server.stop()
        with pytest.raises(TazClient.Offline) as info:
            await c.fetch(fixture_server.url(ARTICLE))
        assert "Could not connect to 127.0.0.1" in str(info.value)
        assert isinstance(info.value.__cause__, httpx.ConnectError)
        fixture_server.start()
        assert (await c.fetch(fixture_server.url(ARTICLE))).status == 200


async def test_concurrency_cap_is_observed(fixture_server: FixtureServer) -> None:
    fixture_server.any_article = True
    fixture_server.fault("*", delay=0.1)
    async with make_client(fixture_server, max_concurrency=3) as c:
        results = await asyncio.gather(
            *(c.fetch(fixture_server.url(f"/!{4000000 + i}/")) for i in range(9))
        )
    assert all(isinstance(r, FetchResult) and r.status == 200 for r in results)
    # A request slot is free again only after its 0.1 s answer arrived, so any four arrivals
    # span at least 0.1 s. (The server's in-flight count can briefly read 4: its handler
    # thread may not have counted down yet when the client already sent the next request.)
    arrivals = sorted(r.at for r in fixture_server.hits())
    assert len(arrivals) == 9
    assert all(b - a >= 0.1 for a, b in zip(arrivals, arrivals[3:], strict=False))
    assert fixture_server.max_in_flight >= 3  # ... and three at a time were used


async def test_injected_http_client_is_used_and_not_closed(fixture_server: FixtureServer) -> None:
    async with httpx.AsyncClient() as http:
        async with TazClient(fixture_server.base_url, http=http) as c:
            result = await c.fetch(fixture_server.url(ARTICLE))
        assert result.status == 200
        assert not http.is_closed
        assert fixture_server.hits()[0].headers["user-agent"] == USER_AGENT
