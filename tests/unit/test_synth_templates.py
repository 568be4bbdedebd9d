"""The wording data in synth/templates/*.toml agrees with the engine that fills it: every file is loaded, every key
is read, and every placeholder a template uses is one the engine fills."""
from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from synth import templates

SYNTH = Path(templates.__file__).resolve().parent   # the package, wherever this test file sits
FILLERS = {"fill", "fill_each", "pick", "dict", "update", "_window_values"}   # calls whose keywords are values
# tables whose keys are data (looked up with a variable or iterated), not names the code spells out
DATA_KEYED = {("names", "homoglyphs"), ("names", "wrong_first"), ("names", "misspelt"), ("outlets", "regional"),
              ("negative",), ("filler", "traps"), ("wire", "dateline"), ("wire", "byline"),
              ("names", "regions", "oblast"), ("names", "regions", "krai"),  # keyed by the article's region form
              ("names", "regions", "alternatives"),                           # by region code
              ("phrases", "when", "night"), ("phrases", "when", "day"), ("phrases", "when", "unstated")}  # date mode


def _sources() -> list[ast.AST]:
    return [ast.parse(p.read_text(encoding="utf-8")) for p in sorted(SYNTH.rglob("*.py"))]


def _calls(name_or_attr: set[str]):
    for tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                f = node.func
                name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
                if name in name_or_attr:
                    yield node


def _strings(value, path=()):
    """(key path, template) for every string in a loaded table."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v, path)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, path + (k,))


def _keys(value, path=()):
    if isinstance(value, dict):
        for k, v in value.items():
            yield path + (k,)
            if path + (k,) not in DATA_KEYED:
                yield from _keys(v, path + (k,))


def test_every_template_file_is_loaded_by_name_and_no_name_is_missing():
    loaded = {c.args[0].value for c in _calls({"table"}) if c.args and isinstance(c.args[0], ast.Constant)}
    assert loaded == set(templates.names())
    for name in loaded:
        assert templates.table(name)  # parses, and is not empty


def test_every_key_of_every_file_is_read_by_the_engine():
    spelt = set()
    for tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Subscript):   # t["key"], t["a" if x else "b"]
                spelt |= {c.value for c in ast.walk(node.slice) if isinstance(c, ast.Constant)}
    spelt |= {c.args[0].value for c in _calls({"get"}) if c.args and isinstance(c.args[0], ast.Constant)}
    unread = [(name, *path) for name in templates.names() for path in _keys(templates.table(name))
              if (name, *path[:-1]) not in DATA_KEYED and path[-1] not in spelt]
    assert unread == []


def test_every_placeholder_is_a_value_the_engine_fills():
    filled = {kw.arg for c in _calls(FILLERS) for kw in c.keywords if kw.arg}
    for tree in _sources():   # and the string keys of dict literals that are passed on as values
        filled |= {k.value for node in ast.walk(tree) if isinstance(node, ast.Dict)
                   for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}
    used = {}
    for name in templates.names():
        for path, text in _strings(templates.table(name), (name,)):
            for field in templates.placeholders(text):
                used.setdefault(field, []).append(".".join(path))
    assert used, "no template has a placeholder"
    assert {f: where for f, where in used.items() if f not in filled} == {}


@pytest.mark.parametrize("name", templates.names())
def test_placeholders_are_plain_names(name):
    """Templates name their values and nothing else: no attribute or index lookups, conversions or formats."""
    for path, text in _strings(templates.table(name), (name,)):
        for _, field, spec, conv in string.Formatter().parse(text):
            if field is not None:
                assert field.isidentifier() and not spec and not conv, (path, text)


def test_fill_calls_a_function_value_only_where_the_template_uses_it():
    calls = []

    def drawn():
        calls.append(1)
        return "x"

    assert templates.fill("no slot here", region=drawn) == "no slot here" and calls == []
    assert templates.fill("{region} and {region}", region=drawn) == "x and x" and len(calls) == 2
    with pytest.raises(KeyError):
        templates.fill("{missing}", region=drawn)


def test_pick_keeps_a_said_on_phrase():
    class First:
        def choice(self, seq):
            return seq[0]

    forms = ["Without a slot.", "Said{said_on}."]
    assert templates.pick(First(), forms, " on Tuesday") == "Said on Tuesday."
    assert templates.pick(First(), forms, "") == "Without a slot."
