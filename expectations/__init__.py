"""Data-quality rules, the Great Expectations suites that run them, and the editors' report."""
