"""A pane's worker that failed in a way nobody expected, told to the screen.

The panes load in workers of their own with ``exit_on_error=False`` (one bad page must not end
the app), and Textual tells only a worker's own node that it failed (``Worker.StateChanged``
does not bubble). So a pane hands the failure on as :class:`WorkerFailed`, which does: the
screen takes the spinners away and says "Unexpected error: …" in one line, and the error is
logged with its traceback (``logging``: pytest shows it with a failing test).
"""

from __future__ import annotations

import logging

from textual.message import Message
from textual.widget import Widget
from textual.worker import Worker, WorkerState

log = logging.getLogger("tazreader.app")


class WorkerFailed(Message):
    """A pane's worker raised something no layer turned into a message (a bug, or an input
    that got past every check)."""

    def __init__(self, worker: Worker[object], error: BaseException | None) -> None:
        super().__init__()
        self.worker = worker
        self.error = error


def failed(pane: Widget, event: Worker.StateChanged, *groups: str) -> bool:
    """If ``event`` is one of ``pane``'s workers (of ``groups``) failing: log it, post
    :class:`WorkerFailed` and return True."""
    worker = event.worker
    if event.state is not WorkerState.ERROR or worker.node is not pane:
        return False
    if groups and worker.group not in groups:
        return False
    error = worker.error
    log.error("worker %s of %s failed", worker.name or worker.group, type(pane).__name__,
              exc_info=error)
    pane.post_message(WorkerFailed(worker, error))
    return True
