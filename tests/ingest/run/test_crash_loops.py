"""An ingest SIGKILLed again and again at random moments — 100 times on SQLite, 20 on PostgreSQL; most
kills hit its whole process group (the run and its workers at once), one in five the run alone, whose
workers must then end by themselves — and then run to the end leaves the store it would have had
without a single crash: SQLite's integrity check passes, the totals equal an uninterrupted run of the
same corpus into a fresh store, and every rollup cell equals that run's and a rebuild from the rows.

Every attempt is the real command, `python -m ingest files SLICE`, on the same store. SLICE is the
first part of the corpus that no attempt has finished yet, so each attempt has articles of its own to
write (a rerun of the whole corpus would find it stored after a few attempts, and the kills would land
in runs with nothing to write). The corpus is order-independent by design — dedupe by URL, syndication
groups by earliest publication — so slices stored in any order must end where one run ends.

The delays are drawn from the phases of an uninterrupted slice run measured first on a scratch store:
imports, schema creation and setup (every attempt aims there while the store has no schema), the
batches with their rollup upserts and refreshes, and closing (the run row, source scores). Where each
kill really landed is read back from the store (schema, run rows, articles) and reported with the seed
and the delays, so a failure can be replayed: PRESSWATCH_CRASH_SEED picks another seed.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from db.engine import make_engine
from db.models import Article, IngestRun
from ingest.demo.corpus import DemoFiles, write_demo_corpus
from tests.conftest import BACKENDS, fresh_pg_database
from tests.ingest.run import store_checks

ROOT = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class Plan:
    """How many kills, over a demo corpus of how many articles, cut into slices of how many rows."""

    kills: int
    articles: int
    slice_rows: int
    seed: int


# Measured on two shared cores: an attempt takes 1.5-1.9 s, 1.3 s of it the command's own imports before it
# touches the store, so the SQLite loop takes 150-185 s and the PostgreSQL one 35 s; plus 10-15 s for the
# calibration, the reference run and the final run.
PLANS = {"sqlite": Plan(kills=100, articles=800, slice_rows=16, seed=1901),
         "postgresql": Plan(kills=20, articles=400, slice_rows=40, seed=1902)}
# How often each phase is aimed at once the store has its schema: the batches most, imports least
# (a kill there touches nothing).
WEIGHTS = {"startup": 1, "setup": 2, "batches": 5, "closing": 2}
# Share of kills sent to the run alone, as the OOM killer or `kill -9 PID` do, rather than to its whole
# process group as a terminal or systemd does: its workers must then end by themselves, within
# ORPHANS_END_S, or they hold the run lock (and on PostgreSQL its sessions) for good.
RUN_ALONE = 0.2
ORPHANS_END_S = 5.0


@dataclass(frozen=True)
class Timeline:
    """When an uninterrupted slice run reaches each phase, in seconds: `imports` from its start to its
    schema check (its first alembic log line, where the store is first touched); the rest from that
    line on, to its first and last commits and its exit on a store with a schema, and `created` to the
    first commit of a run that had to create the schema. Kills are timed from that line too, because
    the imports take a varying second or so and would blur every later phase."""

    imports: float
    created: float
    first_commit: float
    last_commit: float
    exit: float

    def window(self, phase: str) -> tuple[float, float]:
        """Where to kill when aiming at `phase`, after the schema check (startup: after the start)."""
        return {"startup": (0.0, self.imports), "schema": (0.0, self.created / 2), "setup": (0.0, self.first_commit),
                "batches": (self.first_commit - 0.03, self.last_commit + 0.02),
                "closing": (self.last_commit, self.exit)}[phase]

    def __str__(self) -> str:
        return "timeline " + ", ".join(f"{k} {v:.2f}" for k, v in vars(self).items())


@pytest.fixture(params=BACKENDS)
def stores(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """(backend, three fresh stores): one to time a slice run on, the reference, the one killed."""
    names = ("calibration", "reference", "killed")
    with ExitStack() as stack:
        if request.param == "sqlite":
            urls = {n: f"sqlite:///{tmp_path / f'{n}.db'}" for n in names}
        else:
            urls = {n: stack.enter_context(fresh_pg_database()) for n in names}
        yield request.param, urls


def _ingest(files: DemoFiles, inputs: Path, url: str) -> list[str]:
    return [sys.executable, "-m", "ingest", "files", str(inputs), "--config", str(files.config),
            "--database", url, "--verbose"]


def _slices(files: DemoFiles, rows: int) -> list[Path]:
    lines = files.articles.read_text(encoding="utf-8").splitlines(keepends=True)
    paths = []
    for number, start in enumerate(range(0, len(lines), rows)):
        path = files.dir / f"slice-{number:03d}.jsonl"
        path.write_text("".join(lines[start:start + rows]), encoding="utf-8")
        paths.append(path)
    return paths


class Attempt:
    """`command` started in a session of its own, its stderr read as it comes: each line with its
    arrival time from the start, and `checked` set at the schema check (or when stderr closes)."""

    def __init__(self, command: list[str]) -> None:
        self.started = time.monotonic()
        self.proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     text=True, start_new_session=True)
        self.lines: list[tuple[float, str]] = []
        self.checked = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append((time.monotonic() - self.started, line))
            if "alembic" in line:
                self.checked.set()
        self.checked.set()

    def wait(self, timeout: float, group: bool = True) -> int | None:
        """The exit code, or None after a SIGKILL at `timeout`: to the whole process group (the run and
        its workers at once), or to the run alone, whose workers must then end by themselves."""
        try:
            code: int | None = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):  # it ended just now
                if group:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                else:
                    os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
            code = None
        self._reader.join(ORPHANS_END_S)  # stderr closes once every process that had it has ended
        if self._reader.is_alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            raise AssertionError(f"processes of the killed run were still running {ORPHANS_END_S:g} s later")
        return code

    def stderr(self) -> str:
        return "".join(line for _, line in self.lines)

    def marks(self, word: str) -> list[float]:
        return [at for at, line in self.lines if word in line]


def _marks(command: list[str]) -> tuple[float, list[float], float]:
    """Run `command` to the end: when its verbose log showed the schema check, each commit (the
    progress line written after it), and when it exited."""
    attempt = Attempt(command)
    assert attempt.wait(60) == 0, attempt.stderr()
    checks, commits = attempt.marks("alembic"), attempt.marks(" documents · ")
    assert checks and commits, attempt.stderr()
    return checks[0], commits, time.monotonic() - attempt.started


def _timeline(files: DemoFiles, slices: list[Path], url: str) -> Timeline:
    """The phases of a slice run: one that creates the schema, then one on the store it made."""
    created_check, created_commits, _ = _marks(_ingest(files, slices[0], url))
    check, commits, exited = _marks(_ingest(files, slices[1], url))
    return Timeline(imports=check, created=created_commits[0] - created_check, first_commit=commits[0] - check,
                    last_commit=commits[-1] - check, exit=exited - check)


def _run(command: list[str], phase: str, delay: float, group: bool) -> tuple[int | None, str]:
    """Run `command`; SIGKILL it (its group, or it alone) `delay` seconds after its schema check (after
    its start when aiming at startup) unless it ended first. Its exit code (None when killed) and stderr."""
    attempt = Attempt(command)
    if phase != "startup":
        attempt.checked.wait(60)
    code = attempt.wait(delay, group)
    return code, attempt.stderr()


@dataclass
class StoreState:
    schema: str
    last_run: int
    articles: int

    @classmethod
    def read(cls, engine: Engine) -> StoreState:
        schema = store_checks.schema_state(engine)
        if schema != "head":
            return cls(schema, 0, 0)
        with engine.connect() as conn:
            last_run = conn.execute(select(func.coalesce(func.max(IngestRun.id), 0))).scalar_one()
            articles = conn.execute(select(func.count()).select_from(Article)).scalar_one()
        return cls(schema, int(last_run), int(articles))


def _landed(engine: Engine, before: StoreState, after: StoreState, stderr: str) -> tuple[str, str | None]:
    """Where a kill landed, from what it left (phase, and the status of the run row it started)."""
    if after.schema != "head" or after.last_run == before.last_run:
        if "alembic" not in stderr:
            return "startup", None
        return ("schema" if after.schema != "head" else "setup"), None
    with engine.connect() as conn:
        status = conn.execute(select(IngestRun.status).where(IngestRun.id == after.last_run)).scalar_one()
    if status == "running":
        return ("batches" if after.articles > before.articles else "before first commit"), status
    return "closing", status


def _check(engine: Engine, what: str) -> None:
    """What every kill must leave: a whole schema or none, sound pages and indexes, whole articles, and
    rollups equal to a rebuild from the rows."""
    schema = store_checks.schema_state(engine)
    assert schema in ("head", "empty"), f"{what}: schema {schema}"
    if schema == "head":
        assert store_checks.problems(engine) == [], what
        store_checks.same_cells(store_checks.stored_cells(engine), store_checks.rebuilt_cells(engine),
                                f"{what}: kept vs rebuilt")


@dataclass
class Loop:
    """The kills on one store: each attempt as aimed and as landed, and how far the slices got."""

    seed: int
    timeline: Timeline
    files: DemoFiles
    slices: list[Path]
    history: list[str] = field(default_factory=list)
    landed: Counter[str] = field(default_factory=Counter)
    slices_stored: int = 0
    seconds: float = 0.0
    checks_s: float = 0.0

    def run(self, engine: Engine, url: str, kills: int) -> None:
        """`kills` attempts on the store at `url`, each killed (or let finish) and checked; each ingests
        the first slice not stored yet (the whole corpus once every slice is)."""
        rng = random.Random(self.seed)
        started = time.monotonic()
        after = StoreState.read(engine)
        for number in range(1, kills + 1):
            before = after
            phase = "schema" if before.schema != "head" else rng.choices(list(WEIGHTS), list(WEIGHTS.values()))[0]
            delay = round(rng.uniform(*self.timeline.window(phase)), 3)
            group = rng.random() >= RUN_ALONE
            inputs = self.slices[self.slices_stored] if self.slices_stored < len(self.slices) else self.files.articles
            try:
                code, stderr = _run(_ingest(self.files, inputs, url), phase, delay, group)
            except AssertionError as exc:
                raise AssertionError(f"{self.where()}; #{number} {inputs.name} aimed at {phase} +{delay}s, "
                                     f"the run alone: {exc}") from None
            after = StoreState.read(engine)
            where, status = ("finished", "ok") if code is not None else _landed(engine, before, after, stderr)
            self.landed[where] += 1
            self.history.append(f"#{number} {inputs.name} aimed at {phase} +{delay}s"
                                f"{'' if group else ' (the run alone)'}: {where}")
            assert code in (None, 0), f"{self.where()}: exit {code}: {stderr[-2000:]}"
            checked = time.monotonic()
            _check(engine, self.where())
            self.checks_s += time.monotonic() - checked
            if status in ("ok", "partial"):  # the slice is stored: the next attempt writes the next one
                self.slices_stored += 1
        self.seconds = time.monotonic() - started

    def where(self) -> str:
        """What a failure message needs to replay the loop: the seed, the phases, the last attempts."""
        return f"seed {self.seed}, {self.timeline}, after {'; '.join(self.history[-8:])}"

    def __str__(self) -> str:
        return (f"seed {self.seed}, {self.timeline}; kills landed {dict(self.landed)}; {self.slices_stored} slices "
                f"stored; loop {self.seconds:.0f} s ({self.checks_s:.0f} s of checks)")


def test_sigkills_at_random_moments_then_a_full_run_equal_one_uninterrupted_run(
        stores: tuple[str, dict[str, str]], tmp_path: Path) -> None:
    backend, urls = stores
    plan = PLANS[backend]
    files = write_demo_corpus(tmp_path / "demo", articles=plan.articles, seed=5)
    slices = _slices(files, plan.slice_rows)
    seed = int(os.environ.get("PRESSWATCH_CRASH_SEED", plan.seed))
    loop = Loop(seed, _timeline(files, slices, urls["calibration"]), files, slices)
    reference_s, reference = _timed(_ingest(files, files.articles, urls["reference"]))
    assert reference.returncode == 0, reference.stderr

    engine, reference_engine = make_engine(urls["killed"]), make_engine(urls["reference"])
    try:
        loop.run(engine, urls["killed"], plan.kills)
        final_s, final = _timed(_ingest(files, files.articles, urls["killed"]))
        summary = f"{plan}: {loop}, reference run {reference_s:.1f} s, final run {final_s:.1f} s"
        print(summary, *loop.history, sep="\n")
        assert final.returncode == 0, f"{summary}: {final.stderr[-2000:]}"
        assert store_checks.problems(engine) == [], summary
        assert store_checks.totals(engine) == store_checks.totals(reference_engine), summary
        kept = store_checks.stored_cells(engine)
        store_checks.same_cells(kept, store_checks.stored_cells(reference_engine), f"{summary}: vs reference")
        store_checks.same_cells(kept, store_checks.rebuilt_cells(engine), f"{summary}: vs a rebuild")
        # the kills must have reached the writes, or the test could not fail for the reason it exists
        assert loop.landed["batches"] + loop.landed["before first commit"] >= plan.kills // 5, summary
    finally:
        engine.dispose()
        reference_engine.dispose()


def _timed(command: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.monotonic()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    return time.monotonic() - started, done
