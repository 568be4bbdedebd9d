"""The wording of generated articles, kept as data in synth/templates/*.toml and loaded once per process.

A template is a `str.format` string with named placeholders. `fill` takes the values as keywords; a value may
be a function of no arguments, called where the template uses it (once per use), so a phrase that draws from
the article's `Rng` is drawn only when the chosen template needs it."""
from __future__ import annotations

import string
import tomllib
from functools import cache
from importlib import resources


@cache
def table(name: str) -> dict:
    """templates/<name>.toml as a dict."""
    with resources.files(__package__).joinpath("templates").joinpath(f"{name}.toml").open("rb") as f:
        return tomllib.load(f)


def names() -> list[str]:
    """Every template file's name (without .toml)."""
    return sorted(p.name.removesuffix(".toml") for p in resources.files(__package__).joinpath("templates").iterdir()
                  if p.name.endswith(".toml"))


class _Values(dict):
    def __getitem__(self, key):
        v = super().__getitem__(key)
        return v() if callable(v) else v


def fill(template: str, **values) -> str:
    for v in values.values():
        if callable(v):
            return template.format_map(_Values(values))
    return template.format_map(values)   # no function values: the plain dict is faster


def fill_each(templates: list[str], **values) -> list[str]:
    """Every template filled, in order (a function value is called at each use, as each template is filled)."""
    return [fill(t, **values) for t in templates]


def placeholders(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f is not None}


def pick(rng, templates: list[str], said_on: str, **values) -> str:
    """One of the templates, filled; a non-empty `said_on` (' on Tuesday') is never dropped: only templates
    with a {said_on} slot are eligible then."""
    ok = [t for t in templates if "{said_on}" in t or not said_on]
    return fill(rng.choice(ok), said_on=said_on, **values)
