"""The README is checked against the code, as sqlite-utils' tests/test_docs.py checks its docs:
its command table lists exactly the commands `tm` defines, and its "JSON output" block gives
exactly the keys each command's --json prints (run here on a small database).

The JSON block's notation, one command per entry (continuation lines are indented):

    tm lookup      {query, lang, matches: [{score, ...}], terms: [{term, ...}]}
    tm glossary add | set-status     {...}    (commands sharing one shape)
    CONCEPT = {key, ...}                      (a name for a shape used below it)

``{a, b: SHAPE}`` an object with exactly these keys (a value without a shape is a string,
number, boolean, null or a list of those); ``[SHAPE]`` a list of SHAPE; ``{*}`` an object
whose keys are data (check codes, statuses), ``{*: SHAPE}`` the same with SHAPE values.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS_DIR, GLOSSARY_DIR, ROOT, run_tm

README = ROOT / "README.md"

# A shape: None (a scalar, or a list of scalars), a dict of key -> shape, LIST(shape), or
# EMPTY (an empty list: what it would hold is unknown).
EMPTY = "empty list"
ANY_KEY = "*"


class LIST:
    def __init__(self, item: Any) -> None:
        self.item = item

    def __repr__(self) -> str:
        return f"[{self.item!r}]"


def section(title: str) -> str:
    """The README's text under the heading `title` (any level), up to the next heading of
    the same or a higher level."""
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"^(#+) {re.escape(title)}\s*$", text, re.M)
    assert match, f"README.md has no heading {title!r}"
    level = len(match.group(1))
    end = re.search(rf"^#{{1,{level}}} ", text[match.end():], re.M)
    return text[match.end():match.end() + end.start()] if end else text[match.end():]


# ---------------------------------------------------------------- the command table


def readme_commands() -> set[str]:
    """The commands in the first column of the README's "Commands" table: `tm glossary add
    CONCEPT …` names `tm glossary add` (the words before the first argument or option)."""
    names = set()
    for row in section("Commands").splitlines():
        cell = re.match(r"\|\s*`(tm [^`]*)`", row)
        if cell:
            words = re.match(r"tm(?: [a-z][a-z-]*)+", cell.group(1))
            names.add(words.group())
    return names


def cli_commands() -> dict[str, Any]:
    """Every command `tm` defines, by its full name, from the click group typer builds."""
    import typer

    from tm_tool.cli import app

    found: dict[str, Any] = {}

    def walk(command: Any, path: str) -> None:
        subcommands = getattr(command, "commands", None)
        if subcommands is None:
            found[path] = command
        for name, sub in subcommands.items() if subcommands else ():
            walk(sub, f"{path} {name}")

    walk(typer.main.get_command(app), "tm")
    return found


def test_the_readme_lists_every_command_and_no_other() -> None:
    documented, defined = readme_commands(), set(cli_commands())
    assert defined - documented == set(), "commands missing from the README's table"
    assert documented - defined == set(), "the README's table names commands tm lacks"


def test_every_command_has_help_with_an_example_and_json() -> None:
    """Every --help shows an example, and every command has the --json the README's JSON
    section documents."""
    for name, command in cli_commands().items():
        assert "Example:" in (command.help or ""), name
        assert any("--json" in p.opts for p in command.params), name


def test_the_readmes_links_to_files_and_headings_resolve() -> None:
    for document in (README, ROOT / "docs" / "design.md"):
        for target in re.findall(r"\]\(([^)#:]+)(?:#([^)]*))?\)", document.read_text("utf-8")):
            path = (document.parent / target[0]).resolve()
            assert path.exists(), (document.name, target)
            if target[1]:
                headings = re.findall(r"^#+ (.+)$", path.read_text("utf-8"), re.M)
                slugs = {re.sub(r"[^\w\- ]", "", h).strip().lower().replace(" ", "-")
                         for h in headings}
                assert target[1] in slugs, (document.name, target)


# ---------------------------------------------------------------- the JSON block


def parse_shape(text: str, names: dict[str, Any] | None = None) -> Any:
    names = names or {}
    tokens = re.findall(r"[{}\[\],:]|[A-Za-z_*][A-Za-z0-9_+-]*|\S", text)
    position = 0

    def take(expected: str | None = None) -> str:
        nonlocal position
        assert position < len(tokens), f"the shape ends early: {text!r}"
        token = tokens[position]
        assert expected is None or token == expected, f"{expected!r} expected in {text!r}"
        position += 1
        return token

    def shape() -> Any:
        token = take()
        if token in names:
            return names[token]
        if token == "[":
            item = shape()
            take("]")
            return LIST(item)
        assert token == "{", f"'{{' or '[' expected in {text!r}, not {token!r}"
        members: dict[str, Any] = {}
        while tokens[position] != "}":
            key = take()
            assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*|\*", key), (key, text)
            members[key] = None
            if tokens[position] == ":":
                take(":")
                members[key] = shape()
            if tokens[position] == ",":
                take(",")
        take("}")
        return members

    result = shape()
    assert position == len(tokens), f"text after the shape: {text!r}"
    return result


def documented_shapes() -> dict[str, Any]:
    block = re.search(r"```text\n(.*?)```", section("JSON output"), re.S)
    assert block, "README.md's JSON output section has no ```text block"
    entries: list[list[str]] = []
    for line in block.group(1).splitlines():
        if line.startswith("tm ") or re.match(r"[A-Z_]+ = ", line):
            entries.append([line])
        elif line.strip():
            assert entries and line[0].isspace(), f"not a command's shape: {line!r}"
            entries[-1].append(line)
    shapes: dict[str, Any] = {}
    names: dict[str, Any] = {}
    for lines in entries:
        text = " ".join(lines)
        if definition := re.match(r"([A-Z_]+) = ", text):
            names[definition.group(1)] = parse_shape(text[definition.end():], names)
            continue
        start = min(i for i in (text.find("{"), text.find("[")) if i >= 0)
        commands = [n.strip() for n in text[:start].split("|")]
        prefix = commands[0].rsplit(" ", 1)[0]
        for i, command in enumerate(commands):
            shapes[command if i == 0 else f"{prefix} {command}"] = parse_shape(text[start:],
                                                                               names)
    return shapes


def shape_of(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: shape_of(item) for key, item in value.items()}
    if isinstance(value, list):
        if not value:
            return EMPTY
        items = [shape_of(item) for item in value]
        if all(item is None for item in items):
            return None
        merged = items[0]
        for item in items[1:]:
            merged = merge(merged, item)
        return LIST(merged)
    return None


def merge(a: Any, b: Any) -> Any:
    """One shape for two outputs of the same command (a null in one, an object in the
    other: the object)."""
    if a is None or a == EMPTY:
        return b if b is not None else a
    if b is None or b == EMPTY:
        return a
    if isinstance(a, LIST) and isinstance(b, LIST):
        return LIST(merge(a.item, b.item))
    if isinstance(a, dict) and isinstance(b, dict):
        return {key: merge(a.get(key), b.get(key)) for key in {**a, **b}}
    raise AssertionError(f"one key holds {a!r} and {b!r}")


def differences(documented: Any, actual: Any, where: str) -> list[str]:
    if actual == EMPTY or (actual is None and documented is not None):
        return []  # an empty list, a null: nothing printed to compare against
    if isinstance(documented, dict):
        if not isinstance(actual, dict):
            return [f"{where}: documented as an object, printed {actual!r}"]
        return object_differences(documented, actual, where)
    if isinstance(documented, LIST):
        if not isinstance(actual, LIST):
            return [f"{where}: documented as a list of {documented.item!r}, printed {actual!r}"]
        return differences(documented.item, actual.item, f"{where}[]")
    if actual is not None:  # documented as a plain value
        return [f"{where}: documented as a plain value, printed {actual!r}"]
    return []


def object_differences(documented: dict, actual: dict, where: str) -> list[str]:
    if set(documented) == {ANY_KEY}:  # keys are data: every value has the one shape
        return [problem for key, item in actual.items()
                for problem in differences(documented[ANY_KEY], item, f"{where}.{key}")]
    problems = []
    if extra := sorted(set(actual) - set(documented)):
        problems.append(f"{where}: printed but not documented: {extra}")
    if absent := sorted(set(documented) - set(actual)):
        problems.append(f"{where}: documented but not printed: {absent}")
    for key in set(documented) & set(actual):
        problems += differences(documented[key], actual[key], f"{where}.{key}")
    return problems


def json_of(*args: str | Path, stdin: str | None = None, lines: bool = False,
            exit_code: int = 0) -> Any:
    result = run_tm(*args, "--json", stdin=stdin)
    assert result.exit_code == exit_code, (args, result.stderr)
    if lines:
        return [json.loads(line) for line in result.stdout.splitlines()]
    return json.loads(result.stdout)


def serve_json(db: Path) -> Any:
    """The line `tm serve --json` prints once it listens (then it is stopped)."""
    process = subprocess.Popen([sys.executable, "-m", "tm_tool", "--db", str(db), "serve",
                                "--port", "0", "--json", "--access-log", ""],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = process.stdout.readline()  # type: ignore[union-attr]
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    return json.loads(line)


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, Any]:
    """command -> the shape of what its --json printed, on a database of corpus/ and
    glossary/ (with a few glossary changes), chosen so that every list holds something."""
    tmp = tmp_path_factory.mktemp("docs")
    db = ("--db", tmp / "tm.db")
    corpus, glossary = sorted(CORPUS_DIR.glob("*.tsv")), sorted(GLOSSARY_DIR.glob("*.tsv"))
    source = ("东莞市委十五届十次全会12月12日召开，谋划“十五五”时期发展，"
              "提出建设“智创优品、和美宜居”现代化城市，聚焦创新、产业升级和民生。")  # segment 3
    delivery = tmp / "delivery.tsv"
    delivery.write_text(f"id\tzh\ten\n1\t{source}\tThe session opened.\n2\t两个确立\t\n",
                        encoding="utf-8")
    bad_glossary = tmp / "bad.tsv"
    bad_glossary.write_text("concept\tzh\ten\tstatus\nx\t测试\tTest\tpreferred\n"
                            "x\t测试\tTrial\tpreferred\n", encoding="utf-8")
    (tmp / "a.zh").write_text("今天天气很好。\n我们去公园吧。\n", encoding="utf-8")
    (tmp / "a.en").write_text("The weather is nice today.\nLet's go to the park.\n",
                              encoding="utf-8")
    (tmp / "a.gold").write_text("[0]:[0]\n[1]:[1]\n", encoding="utf-8")
    outputs: dict[str, list[Any]] = {
        "tm import": [json_of(*db, "import", "--src", "zh-CN", "--tgt", "en", *corpus)],
        "tm glossary import": [json_of(*db, "glossary", "import", *glossary)],
        "tm stats": [json_of(*db, "stats")],
        "tm lookup": [json_of(*db, "lookup", source.replace("聚焦", "围绕")),
                      *json_of(*db, "lookup", stdin="两个确立\nTwo Affirmations\n", lines=True)],
        "tm concordance": [json_of(*db, "concordance", "两个")],
        "tm term": [json_of(*db, "term", "湾区"), json_of(*db, "term", "Two Affirmations")],
        "tm export": [json_of(*db, "export", "--format", "tmx", "-o", tmp / "out.tmx")],
        "tm check": [json_of(*db, "check", exit_code=1),
                     json_of(*db, "check", delivery, "--with-tm", exit_code=1)],
        "tm score": [json_of(*db, "score", delivery, "--src", "zh-CN", "--tgt", "en")],
        "tm pretranslate": [json_of(*db, "pretranslate", delivery, "-o", tmp / "pre.tsv")],
        "tm analyze": [json_of(*db, "analyze", delivery)],
        "tm align": [json_of(*db, "align", tmp / "a.zh", tmp / "a.en", "--lines", "--gold",
                             tmp / "a.gold")],
        "tm glossary add": [json_of(*db, "glossary", "add", "t-x", "--zh", "测试词", "--en",
                                    "Test Word", "--status", "preferred"),
                            json_of(*db, "glossary", "add", "t-x", "--en", "Test Term",
                                    "--status", "admitted")],
        "tm glossary set-status": [json_of(*db, "glossary", "set-status", "t-x", "Test Term",
                                           "deprecated")],
        "tm glossary rename": [json_of(*db, "glossary", "rename", "t-x", "t-y")],
        "tm glossary remove": [json_of(*db, "glossary", "remove", "t-y", "Test Term")],
        "tm glossary history": [json_of(*db, "glossary", "history")],
        "tm glossary list": [json_of(*db, "glossary", "list")],
        "tm glossary validate": [json_of(*db, "glossary", "validate", bad_glossary,
                                         exit_code=1)],
        "tm glossary export": [json_of(*db, "glossary", "export", "--format", "tbx", "-o",
                                       tmp / "out.tbx")],
        "tm glossary extract": [json_of(*db, "glossary", "extract", "--top", "5")],
        "tm segments list": [json_of(*db, "segments", "list", "--limit", "3")],
        "tm segments show": [json_of(*db, "segments", "show", "1")],
        "tm segments edit": [json_of(*db, "segments", "edit", "1", "--note", "checked")],
        "tm segments set-status": [json_of(*db, "segments", "set-status", "1-2", "approved")],
        "tm segments delete": [json_of(*db, "segments", "delete", "2", "--dry-run")],
        "tm segments dedupe": [json_of(*db, "import", "--origin", "copy", "--src", "zh-CN",
                                       "--tgt", "en", corpus[0]) and
                               json_of(*db, "segments", "dedupe", "--dry-run")],
        "tm segments history": [json_of(*db, "segments", "history")],
        "tm migrate": [json_of("migrate", tmp / "tm.db", tmp / "copy.db")],
        "tm serve": [serve_json(tmp / "tm.db")],
    }
    shapes = {}
    for command, values in outputs.items():
        merged = shape_of(values[0])
        for value in values[1:]:
            merged = merge(merged, shape_of(value))
        shapes[command] = merged
    return shapes


def test_the_json_block_documents_every_command() -> None:
    assert set(documented_shapes()) == set(cli_commands())


@pytest.mark.parametrize("command", sorted(cli_commands()))
def test_the_readme_gives_the_keys_the_json_output_has(command: str, printed) -> None:
    documented = documented_shapes()
    assert command in printed, f"test_docs runs no {command} --json: add it to printed()"
    assert differences(documented[command], printed[command], command) == []


@pytest.mark.parametrize("shape, printed_value, problem", [
    ("{a, b}", {"a": 1}, "documented but not printed: ['b']"),
    ("{a}", {"a": 1, "b": 2}, "printed but not documented: ['b']"),
    ("{a: [{x}]}", {"a": [{"x": 1, "y": 2}]}, "a[]: printed but not documented: ['y']"),
    ("{a}", {"a": {"x": 1}}, "a: documented as a plain value"),
    ("{a: {*: {s}}}", {"a": {"bleu": {"s": 1, "t": 2}}}, "a.bleu: printed but not documented"),
])
def test_the_comparison_finds_drift(shape: str, printed_value: Any, problem: str) -> None:
    found = differences(parse_shape(shape), shape_of(printed_value), "")
    assert any(problem in line for line in found), found
