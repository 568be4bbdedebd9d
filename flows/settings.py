"""One settings object for paths and options; every field can be set by a SKYTALLY_* variable."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SKYTALLY_", extra="ignore")

    input_dir: Path = Field(Path("data/sample"), description="folder of *.txt articles, searched recursively")
    db_path: Path = Field(Path("work/skytally.duckdb"), description="the DuckDB warehouse file")
    as_of: date = Field(default_factory=date.today, description="the date the run is for")
    batch_size: int = Field(2000, ge=1, description="articles per extraction batch")
    max_file_bytes: int = Field(
        2 * 1024 * 1024,
        description="larger files are quarantined (with their bytes): a news article is a few kB; a 20 MB file is a dump, not an article",
    )
    plausible_max_drones: int = Field(
        1000, description="a single claim above this is an error, not a record (largest reported nights were a few hundred)"
    )
    spike_factor: float = Field(5.0, description="warn when a region's daily figure exceeds this multiple of its recent mean")
    max_event_age_days: int = Field(365, description="event dates older than this before publication are flagged")
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
        "a scheduler address (tcp://host:8786); default: Prefect's thread pool in this process",
    )
    dask_workers: int | None = Field(None, ge=1, description="worker processes of the local Dask cluster (default: one per core)")
    batches_in_flight: int = Field(
        4, ge=1, description="extraction batches handed to the task runner at once: memory holds this many batches"
    )

    @property
    def report_dir(self) -> Path:
        return self.db_path.parent / "report"
