"""Hypothesis profiles for the hostile-input suite.

``ci`` (the default) keeps the whole suite well under a minute on two cores; ``long`` is for a
run by hand, e.g. ``HYPOTHESIS_PROFILE=long pytest tests/hostile``
(``HYPOTHESIS_MAX_EXAMPLES=N`` overrides the count). The profiles are applied
per test (``profile()``), not loaded globally, so other tests keep their own settings.
"""

from __future__ import annotations

import os
from datetime import timedelta

from hypothesis import HealthCheck, settings

_COMMON = {
    "deadline": timedelta(seconds=2),
    "suppress_health_check": [
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
    "derandomize": False,
}
settings.register_profile("ci", max_examples=100, **_COMMON)  # type: ignore[arg-type]
settings.register_profile("long", max_examples=5000, **_COMMON)  # type: ignore[arg-type]


def profile(scale: float = 1.0) -> settings:
    """The chosen profile (env ``HYPOTHESIS_PROFILE``, default ``ci``), examples scaled."""
    chosen = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
    base = int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", chosen.max_examples))
    return settings(chosen, max_examples=max(1, int(base * scale)))
