"""Ctrl-C and SIGTERM taken at safe points only.

A KeyboardInterrupt raised at an arbitrary bytecode can land inside the database driver, the connection
pool's bookkeeping or the process pool's queues (a commit half-acknowledged, a connection neither
checked in nor out, a task half-submitted), and the cleanup that follows — rolling back, closing the run
row — then fails with an error of its own that hides the interrupt. Inside `held()` a signal is only
noted; it is raised as KeyboardInterrupt where the code calls the checkpoint it was given, and at the
latest when the block ends, where the store is consistent. A second signal means the operator will not
wait: it is raised at once. A signal the process was started ignoring (`nohup`, a background job)
stays ignored.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

SIGNALS = (signal.SIGINT, signal.SIGTERM)
Checkpoint = Callable[[], None]


@contextmanager
def held() -> Iterator[Checkpoint]:
    """Run the block with Ctrl-C and SIGTERM held; yields the checkpoint that raises a held one."""
    caught: list[int] = []

    def checkpoint() -> None:
        if caught:
            raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():  # signals only reach the main thread
        yield checkpoint
        return

    def hold(signum: int, frame: FrameType | None) -> None:
        caught.append(signum)
        if len(caught) > 1:
            raise KeyboardInterrupt

    previous = {sig: signal.getsignal(sig) for sig in SIGNALS}
    for sig, handler in previous.items():
        if handler is not signal.SIG_IGN:
            signal.signal(sig, hold)
    try:
        yield checkpoint
    finally:
        for sig, handler in previous.items():
            if handler is not None:
                signal.signal(sig, handler)
    checkpoint()
