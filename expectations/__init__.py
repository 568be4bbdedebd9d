"""Data-quality rules and the Great Expectations suites that run them."""
