"""Spike markers for coverage time series: days whose count is a robust outlier against the days before.

Lives in `db` because the dashboard draws the markers and may import only `db`; it is pure Python over a
list of counts (what `db.queries` returns from the rollups) and touches no database.

A day i is a spike when, against the trailing window counts[i-window:i] (at least `min_history` days):

    count[i] >= min_count   and   count[i] > median + k · max(1.4826 · MAD, sqrt(median + 1))

Median and MAD (median absolute deviation; ×1.4826 makes it comparable to a standard deviation on normal
data) rather than mean and standard deviation, so the spike itself, or an earlier one still inside the
window, does not inflate the baseline and hide the next. The sqrt(median + 1) floor is the Poisson noise
of a count: without it a perfectly flat series (MAD 0) would flag any +1, and small counts would flag
ordinary jitter. Days after a spike stay marked as long as they remain far above the pre-spike baseline,
so a spike-and-decay reads as a run of markers that ends when coverage returns to normal.
"""

from __future__ import annotations

import math
import statistics

MAD_TO_SD = 1.4826


def spike_threshold(history: list[int], k: float) -> float:
    """The count above which a day is a spike, given the days before it (see module doc)."""
    median = statistics.median(history)
    mad = statistics.median(abs(c - median) for c in history)
    return median + k * max(MAD_TO_SD * mad, math.sqrt(median + 1.0))


JUMP_DAYS = 3
JUMP_RATIO = 1.3


def is_jump(recent: list[int], count: int, k: float) -> bool:
    """A burst above every one of the last `JUMP_DAYS` days: at least `JUMP_RATIO` times their maximum and
    k Poisson deviations above it. Catches a second spike while coverage of the first is still decaying,
    when the wide window's MAD (inflated by the decay) hides it; the maximum, not the median, keeps one
    quiet day from making ordinary noise look like a burst."""
    top = max(recent)
    return count >= JUMP_RATIO * top and count - top > k * math.sqrt(top + 1.0)


def detect_spikes(
    counts: list[int], window: int = 14, k: float = 4.0, min_count: int = 5, min_history: int = 5
) -> list[int]:
    """Indices of the days whose count is a robust outlier against the trailing window, or a jump
    against the last few days, ascending.

    The first `min_history` days are never spikes: there is no baseline to judge them against.
    """
    if window < 1 or min_history < 1 or k <= 0:
        raise ValueError("window and min_history must be >= 1 and k > 0")
    spikes = []
    for i, count in enumerate(counts):
        history = counts[max(0, i - window) : i]
        if len(history) < min(min_history, window) or count < min_count:
            continue
        if count > spike_threshold(history, k) or is_jump(history[-JUMP_DAYS:], count, k):
            spikes.append(i)
    return spikes
