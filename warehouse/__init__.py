"""DuckDB DDL (sql/) and the one module that reads and writes the warehouse file (io.py)."""
