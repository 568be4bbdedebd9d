"""Pure Polars/Python transforms: frames and strings in, frames and records out. No paths, no connections."""
