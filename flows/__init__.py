"""The Prefect DAG (`flows.nightly`), the CLI (`flows.cli`) and the settings object."""
