"""Regenerate the README's screenshots: SVGs the app exports of itself.

    python screenshots/make.py

Runs the real app on the packaged sample edition (``tazreader --sample``: real and constructed
taz pages served on 127.0.0.1 through the normal client and a temporary cache), presses keys
as a reader would, and saves ``screenshots/*.svg``. The interface speaks German (the sample
edition is German, and so are taz's readers); pictures are drawn in half blocks at the default
cell size, as a terminal without a graphics protocol shows them, so the SVGs are the same on
every machine.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.worker import WorkerState

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tazreader import i18n  # noqa: E402
from tazreader.app import pictures  # noqa: E402
from tazreader.app.run import sample_app  # noqa: E402
from tazreader.sample import open_sample  # noqa: E402

Steps = Callable[[Pilot[Any], Any], Awaitable[None]]


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until no worker runs and the screen has repainted."""
    await pilot.pause()
    for _ in range(10):
        busy = [w for w in pilot.app.workers if w.state in (WorkerState.PENDING,
                                                              WorkerState.RUNNING)]
        if not busy:
            break
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    await pilot.pause(0.2)


async def press(pilot: Pilot[Any], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def open_second_article(pilot: Pilot[Any], session: Any) -> None:
    # The sample front page's second entry is the real 2024 article (!5928990).
    await press(pilot, "down", "enter")


async def article(pilot: Pilot[Any], session: Any) -> None:
    await open_second_article(pilot, session)


async def selected_link(pilot: Pilot[Any], session: Any) -> None:
    await open_second_article(pilot, session)
    await press(pilot, "n", "n")


async def search(pilot: Pilot[Any], session: Any) -> None:
    await press(pilot, "slash", *"Gesetz", "enter")


async def offline(pilot: Pilot[Any], session: Any) -> None:
    await open_second_article(pilot, session)
    session.site.stop()  # the network goes away: taz.de cannot be reached
    await press(pilot, "r")


async def help_screen(pilot: Pilot[Any], session: Any) -> None:
    await open_second_article(pilot, session)
    await press(pilot, "question_mark")


async def hints(pilot: Pilot[Any], session: Any) -> None:
    await open_second_article(pilot, session)
    await press(pilot, "f")


async def comments(pilot: Pilot[Any], session: Any) -> None:
    await open_second_article(pilot, session)  # the real article has three readers' comments
    await press(pilot, "c")


async def picture(pilot: Pilot[Any], session: Any) -> None:
    # "Kleingärten in Bremen" (the 20th entry): the sample picture as the lead and in the body.
    await press(pilot, *["down"] * 19, "enter")
    await pilot.pause(0.5)
    await settle(pilot)


SHOTS: list[tuple[str, tuple[int, int], Steps]] = [
    ("reader", (140, 45), article),
    ("selected-link", (140, 45), selected_link),
    ("link-hints", (140, 45), hints),
    ("search", (140, 45), search),
    ("offline", (140, 45), offline),
    ("comments", (140, 45), comments),
    ("picture", (140, 45), picture),
    ("help", (140, 45), help_screen),
    ("narrow", (80, 24), article),
]


async def shoot(name: str, size: tuple[int, int], steps: Steps) -> Path:
    with open_sample() as session:
        await session.prefill()
        app = sample_app(session)
        app.open_in_browser = lambda url: True  # never start a browser from here
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await steps(pilot, session)
            await settle(pilot)
            path = HERE / f"{name}.svg"
            path.write_text(app.export_screenshot(title=f"tazreader — {name}"), encoding="utf-8")
    return path


async def main(names: list[str]) -> None:
    for name, size, steps in SHOTS:
        if names and name not in names:
            continue
        path = await shoot(name, size, steps)
        print(f"wrote {path.relative_to(HERE.parent)}")


if __name__ == "__main__":
    os.environ["TZ"] = "UTC"
    os.environ["TERM"] = "xterm-256color"
    for name in ("KITTY_WINDOW_ID", "TMUX", "TERM_PROGRAM"):
        os.environ.pop(name, None)
    time.tzset()
    i18n.set_language("de")
    pictures.cell_size = lambda: pictures.DEFAULT_CELL  # type: ignore[assignment]
    asyncio.run(main(sys.argv[1:]))
