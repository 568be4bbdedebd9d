"""Progress per stage: a bar on a terminal, plain log lines otherwise."""
from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from typing import Callable, Iterator


def _is_terminal() -> bool:
    stream = getattr(sys, "__stderr__", None)
    return bool(stream and stream.isatty())


@contextmanager
def stage_progress(name: str, total: int, enabled: bool | None = None) -> Iterator[Callable[[int], None]]:
    """Yield advance(n). On a terminal a rich progress bar; otherwise a line every 10% and at the end."""
    use_bar = _is_terminal() if enabled is None else enabled
    if use_bar and total:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        console = Console(file=sys.__stderr__)
        with Progress(TextColumn(f"{name:>8}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=console, transient=False) as bar:
            tid = bar.add_task(name, total=total)
            yield lambda n: bar.advance(tid, n)
        return
    done = 0
    step = max(1, total // 10)
    next_mark = step
    t0 = time.monotonic()

    def advance(n: int) -> None:
        nonlocal done, next_mark
        done += n
        if total and done >= next_mark:
            print(f"[{name}] {done}/{total} ({time.monotonic() - t0:.1f}s)", file=sys.__stdout__, flush=True)
            while next_mark <= done:
                next_mark += step

    yield advance
