"""One settings object for paths and options; every field can be set by a SKYTALLY_* variable.

`check_environment()` validates the variables before anything starts and names each bad one as the
operator wrote it (SKYTALLY_BATCH_SIZE, not batch_size)."""
from __future__ import annotations

import difflib
import math
import os
import re
from datetime import date
from pathlib import Path

from pydantic import Field, TypeAdapter, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_PREFIX = "SKYTALLY_"
# SKYTALLY_* variables that are not settings (read by requested_fault below)
OTHER_VARIABLES = {"SKYTALLY_FAULT": "fault injection for the crash tests (flows/faults.py)"}
DASK_ADDRESS = re.compile(r"^(?:(?:tcp|tls|ucx|ws|wss)://)?\[?[\w.:-]+\]?:\d{1,5}$")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    input_dir: Path = Field(Path("data/sample"), description="folder of *.txt articles, searched recursively")
    db_path: Path = Field(Path("work/skytally.duckdb"), description="the DuckDB warehouse file")
    as_of: date = Field(default_factory=date.today, description="the date the run is for")
    batch_size: int = Field(2000, ge=1, description="articles per extraction batch")
    max_file_bytes: int = Field(
        2 * 1024 * 1024, ge=1,
        description="larger files are quarantined (with their bytes): a news article is a few kB; a 20 MB file is a dump, not an article",
    )
    plausible_max_drones: int = Field(
        1000, ge=1, description="a single claim above this is an error, not a record (largest reported nights were a few hundred)"
    )
    spike_factor: float = Field(5.0, gt=0, description="warn when a region's daily figure exceeds this multiple of its recent mean")
    max_event_age_days: int = Field(365, ge=0, description="event dates older than this before publication are flagged")
    decisions_file: Path | None = Field(
        None, description="editors' decisions (CSV: claim_id, decision, editor, reason, decided_at); default: decisions.csv in the input folder"
    )
    progress: bool | None = Field(None, description="progress bars; default: only on a terminal")
    min_file_age: float = Field(
        0.0, ge=0, description="seconds since a file's last modification before a run takes it (a writer may still be at it); "
        "0 takes every file present. `skytally serve` defaults to 120",
    )
    landed_by: date | None = Field(
        None, description="backfill of one night: take only files modified before the end of this day (Moscow time)"
    )
    dask: str | None = Field(
        None, description="run extraction batches on Dask: 'local' (a cluster of worker processes on this machine) or "
        "a scheduler address (tcp://host:8786); default: worker processes on this machine (SKYTALLY_WORKERS)",
    )
    workers: int | None = Field(
        None, ge=1, description="worker processes that extract batches; default: one per core (a night of fewer than "
        "1,000 articles per worker is extracted in the flow's process); 1: always in the flow's process",
    )
    dask_workers: int | None = Field(None, ge=1, description="worker processes of the local Dask cluster (default: one per core)")
    batches_in_flight: int = Field(
        4, ge=1, description="at most this many extraction batches handed to the task runner at once (and at most two "
        "per worker): memory holds this many batches"
    )
    lock_wait: float = Field(
        60.0, ge=0, description="seconds a run's write waits for readers (skytally sql, the DuckDB shell) to close the "
        "warehouse before it fails",
    )

    @field_validator("spike_factor", "min_file_age", "lock_wait")
    @classmethod
    def _finite(cls, v: float) -> float:
        if not math.isfinite(v):
            raise ValueError("must be a finite number")
        return v

    @field_validator("dask")
    @classmethod
    def _dask_address(cls, v: str | None) -> str | None:
        v = (v or "").strip() or None
        if v is not None and v != "local" and not DASK_ADDRESS.match(v):
            raise ValueError("must be 'local' or a scheduler address such as tcp://10.0.0.5:8786")
        return v

    @field_validator("decisions_file")
    @classmethod
    def _decisions_not_a_folder(cls, v: Path | None) -> Path | None:
        if v is not None and v.is_dir():
            raise ValueError("is a folder; give the decisions CSV file")
        return v

    def configure_warehouse(self) -> None:
        """The warehouse module's connections wait `lock_wait` seconds for a conflicting lock (set by each
        entry point that builds the settings: the flow, the CLI)."""
        from warehouse import io as wh

        wh.set_lock_wait(self.lock_wait)


def env_name(field: str) -> str:
    return ENV_PREFIX + field.upper()


def from_environment(field: str):
    """The SKYTALLY_* value of one setting as that setting's type, or None when unset or not valid (which
    check_environment reports before anything starts): for defaults that must be known without building the
    settings (argparse defaults; the flow's task runner, chosen when flows.nightly is imported)."""
    raw = os.environ.get(env_name(field))
    if not raw:
        return None
    try:
        return TypeAdapter(Settings.model_fields[field].annotation).validate_python(raw)
    except ValidationError:
        return None


def requested_fault() -> str | None:
    """SKYTALLY_FAULT: the point at which the crash tests make this process kill itself (flows.faults)."""
    return os.environ.get("SKYTALLY_FAULT") or None


def check_environment(environ: dict[str, str] | None = None) -> tuple[list[str], list[str]]:
    """(errors, warnings) about the SKYTALLY_* variables, each naming its variable: a value a setting cannot
    take is an error; a SKYTALLY_* name that is no setting (a typo) is a warning."""
    environ = dict(os.environ if environ is None else environ)
    errors: list[str] = []
    known = {env_name(f) for f in Settings.model_fields}
    try:
        Settings(**{})   # reads the variables
    except ValidationError as e:
        for err in e.errors():
            field = str(err["loc"][0]) if err["loc"] else ""
            name = env_name(field) if field else "SKYTALLY_*"
            value = environ.get(name, err.get("input"))
            info = Settings.model_fields.get(field)
            msg = err["msg"]
            msg = msg.removeprefix("Value error, ")
            what = re.split(r"[;:(]", info.description)[0].strip() if info and info.description else ""
            errors.append(f"{name}={value!r}: {msg[0].lower() + msg[1:]}" + (f" [{what}]" if what else ""))
    warnings = []
    for name in sorted(environ):
        if name.startswith(ENV_PREFIX) and name not in known and name not in OTHER_VARIABLES:
            close = difflib.get_close_matches(name, sorted(known), n=1)
            warnings.append(f"{name} is not a skytally setting; ignored"
                            + (f" (did you mean {close[0]}?)" if close else ""))
    return errors, warnings
