"""The 2 MB article of issue 10: open it in the app, press tab, ], j; CPU seconds of each.

The real 2024 page plus one paragraph of 1,000 links of 2,000 characters each (2.18 MB).
Run from the project root: ``python -m bench.big_article`` (prints one line per step).
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

FIXTURES = Path(__file__).parents[1] / "tests" / "fixtures"


def big_page(links: int = 1000, length: int = 2000) -> bytes:
    page = (FIXTURES / "fundus_Taz_2024_10_23.html").read_bytes()
    words = ("Wort " * (length // 5 + 1))[:length].strip()
    para = "".join(f'<a href="/!{6000000 + i}/">{words}</a> ' for i in range(links))
    at = page.index(b"typo-bodytext")
    at = page.index(b"</p>", at)
    return page[:at] + para.encode() + page[at:]


async def measure() -> dict[str, float]:
    from tazreader.app.widgets import article_body
    from tazreader.config import Config
    from tazreader.service import Reader
    from tazreader.store import Store
    from tazreader.taz.parse.article import parse_article
    from tests.app.conftest import make_app, reader_screen, settle
    from tests.factories import put_on_front

    page = big_page()
    t = time.process_time()
    article = parse_article(page)
    out = {"page MB": len(page) / 1e6, "parse": time.process_time() - t}
    calls = {"render_body": 0}
    real = article_body.render_body

    def counted(*args: object, **kwargs: object) -> object:
        calls["render_body"] += 1
        return real(*args, **kwargs)  # type: ignore[arg-type]

    article_body.render_body = counted  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "c.sqlite3") as store:
        put_on_front(store, article)
        cfg = Config()
        app = make_app(Reader(store, base_url=cfg.base_url, offline=True), cfg)
        async with app.run_test(size=(140, 40)) as pilot:
            await settle(pilot)
            for step, keys in (("open", ("enter",)), ("tab", ("tab",)), ("]", ("]",)),
                               ("j", ("j",)), ("tab back", ("tab", "tab"))):
                calls["render_body"] = 0
                t = time.process_time()
                await pilot.press(*keys)
                await settle(pilot)
                out[step] = time.process_time() - t
                out[f"{step} renders"] = calls["render_body"]
            assert "Wort Wort" in "\n".join(reader_screen(app).body.rendered_lines)
    return out


def main() -> None:
    for name, value in asyncio.run(measure()).items():
        print(f"{name:16} {value:8.3f}" if isinstance(value, float) else f"{name:16} {value:8}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
