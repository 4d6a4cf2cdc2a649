"""Stage 1, load: read YAML fact files strictly into plain values, keeping the line and column of each."""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml import events as ev

from generator.facts.problems import Problem, did_you_mean

try:
    from yaml import CSafeLoader as _Loader

    HAVE_C_LOADER = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader

    HAVE_C_LOADER = False

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 20
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# YAML 1.1 reads these unquoted words as booleans; only true/false mean a boolean here.
YAML11_BOOLS = {"yes", "no", "on", "off", "y", "n"}
OCTAL_LOOKING = re.compile(r"^[-+]?0[0-9_]+$|^[-+]?0o[0-7_]+$")

class Ambiguous:
    """A plain scalar YAML 1.1 would silently misread; every field type rejects it with its hint."""

    __slots__ = ("text", "hint")

    def __init__(self, text: str, hint: str):
        self.text, self.hint = text, hint

    def __repr__(self) -> str:
        return repr(self.text)


@dataclass
class RawRecord:
    """One file's mapping as plain Python values, with where each key and value stands in the file."""

    kind: str
    id: str
    path: str
    data: dict
    value_marks: dict = field(default_factory=dict)
    key_marks: dict = field(default_factory=dict)

    def mark(self, loc: tuple, prefer_key: bool = False) -> tuple[int, int]:
        """Line and column of the value (or key) at loc, else of its nearest located ancestor."""
        loc = tuple(loc)
        while True:
            if prefer_key and loc in self.key_marks:
                return self.key_marks[loc]
            if loc in self.value_marks:
                return self.value_marks[loc]
            if not loc:
                return (1, 1)
            loc = loc[:-1]


class LoadError(Exception):
    """A file that cannot become a record; carries one located problem."""

    def __init__(self, line: int, col: int, message: str):
        super().__init__(message)
        self.line, self.col, self.message = line, col, message


if not HAVE_C_LOADER:  # pragma: no cover
    warnings.warn("PyYAML has no C loader here; falling back to the slower pure-Python parser", RuntimeWarning)


def load_data(data_dir: Path, kinds: set[str], root: Path | None = None) -> tuple[list[RawRecord], list[Problem], int]:
    """Load every `<kind>/<id>.yml` under data_dir; returns records, problems and the number of files read."""
    root = root or data_dir.parent
    records, problems, files = [], [], 0
    for path in sorted(data_dir.rglob("*")):
        if path.is_dir() or path.name.startswith("."):
            continue
        shown = _display_path(path, root)
        kind = path.parent.name if path.parent.parent == data_dir else None
        problem = _check_placement(path, data_dir, kind, kinds, shown)
        if problem:
            problems.extend([problem] if problem.message else [])
            continue
        files += 1
        try:
            records.append(load_file(path, kind, shown))
        except LoadError as error:
            problems.append(Problem(shown, error.line, error.col, error.message))
    return records, problems, files


def _display_path(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _check_placement(path: Path, data_dir: Path, kind: str | None, kinds: set[str], shown: str) -> Problem | None:
    """Files must sit at data/<kind>/<id>.yml; other files beside charts (their CSV) are skipped quietly."""
    if path.suffix == ".yaml":
        return Problem(shown, 1, 1, "fact files end in '.yml'; rename the file")
    if path.suffix != ".yml":
        # CSV files next to chart specs are data, read by the charts stage; anything else is a stray file.
        return Problem(shown, 1, 1, "") if path.suffix == ".csv" else Problem(
            shown, 1, 1, "not a fact file; data/ holds only <kind>/<id>.yml files")
    if kind not in kinds:
        where = path.parent.relative_to(data_dir).as_posix() if path.parent != data_dir else "data/"
        return Problem(shown, 1, 1, f"'{where}' is not a kind of record; put the file in one of: "
                       + ", ".join(sorted(kinds)) + _suggest_kind(where, kinds))
    if not SLUG.match(path.stem):
        return Problem(shown, 1, 1, f"file name '{path.stem}' is not a valid id: use lowercase letters, digits "
                       "and single hyphens, such as 'deepseek-r1'")
    return None


def _suggest_kind(where: str, kinds: set[str]) -> str:
    return did_you_mean(where, kinds)


def load_file(path: Path, kind: str, shown: str) -> RawRecord:
    """Read one fact file strictly; raises LoadError naming the first thing that is wrong."""
    text = _read_text(path)
    key = (str(path), kind, shown)
    known = _LOADED.get(key)
    if known is not None and known[0] == text:
        return known[1]
    record = RawRecord(kind=kind, id=path.stem, path=shown, data={})
    record.data = _build(_events(text), record)
    if len(_LOADED) >= LOADED_LIMIT:
        _LOADED.clear()
    _LOADED[key] = (text, record)
    return record


# Files parsed in this process, with the text they were parsed from: a live-preview rebuild parses only the files
# whose text changed (records are read, never changed, after loading). Bounded for long test runs.
_LOADED: dict[tuple, tuple[str, RawRecord]] = {}
LOADED_LIMIT = 50_000


def _read_text(path: Path) -> str:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise LoadError(1, 1, f"file is {size:,} bytes, over the 1 MiB limit; a fact file holds one record")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        col = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise LoadError(line, col, f"byte 0x{raw[error.start]:02x} is not UTF-8; save the file as UTF-8") from None
    _reject_tabs(text)
    _reject_control_characters(text)
    return text


def _reject_tabs(text: str) -> None:
    where = text.find("\t")
    if where >= 0:
        line, col = _position(text, where)
        raise LoadError(line, col, "tab character; indent and separate with spaces")


def _reject_control_characters(text: str) -> None:
    bad = re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]", text)
    if bad:
        line, col = _position(text, bad.start())
        raise LoadError(line, col, f"control character U+{ord(bad.group()):04X}; remove it")


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _events(text: str):
    """The parser's events, with YAML syntax errors turned into located LoadErrors."""
    loader = _Loader(text)
    try:
        while loader.check_event():
            yield loader.get_event()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = error.problem or error.context or "invalid YAML"
        raise LoadError(line, col, f"YAML syntax error: {problem}") from None
    except yaml.YAMLError as error:
        raise LoadError(1, 1, f"YAML syntax error: {error}") from None
    finally:
        loader.dispose()


def _mark(event) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


_RESOLVABLE_FIRST = frozenset(key for key in _Loader.yaml_implicit_resolvers if key)
_CLOSERS = (ev.MappingEndEvent, ev.SequenceEndEvent)
_OPENERS = (ev.MappingStartEvent, ev.SequenceStartEvent)


def _build(events, record: RawRecord) -> dict:
    """Assemble the one document's values from events, without recursion, keeping marks."""
    stack: list[list] = []  # frames: [container, loc, pending_key]
    documents = 0
    top = None
    for event in events:
        cls = type(event)  # dispatch on the exact class: this loop is the loader's hot path
        if cls is ev.ScalarEvent:
            _refuse_anchor_and_tag(event)
            if not stack:
                raise LoadError(*_mark(event), "the file must be a mapping of fields ('name: ...'), "
                                "not a single value")
            _place_scalar(event, stack, record)
        elif cls in _CLOSERS:
            value = stack.pop()[0]
            if not stack:
                top = value
        elif cls in _OPENERS:
            _refuse_anchor_and_tag(event)
            if not stack and cls is not ev.MappingStartEvent:
                raise LoadError(*_mark(event), "the file must be a mapping of fields ('name: ...'), not a list")
            _open_container(event, stack, record)
        elif cls is ev.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise LoadError(*_mark(event), "more than one YAML document ('---'); a fact file holds one record")
        elif cls is ev.AliasEvent:
            raise LoadError(*_mark(event), f"alias '*{event.anchor}'; anchors and aliases are not allowed, "
                            "write the value out")
    if top is None:
        raise LoadError(1, 1, "the file is empty; a fact file holds one record as a mapping of fields")
    return top


def _refuse_anchor_and_tag(event) -> None:
    if event.anchor:
        raise LoadError(*_mark(event), f"anchor '&{event.anchor}'; anchors and aliases are not allowed, "
                        "write the value out")
    if event.tag not in (None, "!"):
        raise LoadError(*_mark(event), f"YAML tag '{event.tag}' is not allowed; write plain values")


def _open_container(event, stack: list, record: RawRecord) -> None:
    if len(stack) >= MAX_DEPTH:
        raise LoadError(*_mark(event), f"nesting deeper than {MAX_DEPTH} levels; fact files are shallow")
    container = {} if isinstance(event, ev.MappingStartEvent) else []
    if stack:
        loc = _attach(stack, container, event, record)
    else:
        loc = ()
        record.value_marks[loc] = _mark(event)
    stack.append([container, loc, None])


def _place_scalar(event: ev.ScalarEvent, stack: list, record: RawRecord) -> None:
    frame = stack[-1]
    if isinstance(frame[0], dict) and frame[2] is None:
        _take_key(event, frame, record)
        return
    _attach(stack, _scalar_value(event), event, record)


def _take_key(event: ev.ScalarEvent, frame: list, record: RawRecord) -> None:
    mapping, loc, _ = frame
    key = event.value
    if (loc + (key,)) in record.key_marks:
        first = record.key_marks[loc + (key,)][0]
        line, col = _mark(event)
        raise LoadError(line, col, f"duplicate key '{key}' (first on line {first}); keep one")
    frame[2] = key
    record.key_marks[loc + (key,)] = _mark(event)


def _attach(stack: list, value, event, record: RawRecord) -> tuple:
    container, loc, key = stack[-1]
    if isinstance(container, dict):
        if key is None:
            raise LoadError(*_mark(event), "a mapping key must be a plain word such as 'name', not a list or mapping")
        container[key] = value
        stack[-1][2] = None
        child = loc + (key,)
    else:
        child = loc + (len(container),)
        container.append(value)
    record.value_marks[child] = _mark(event)
    return child


def _scalar_value(event: ev.ScalarEvent):
    """Quoted scalars are text; plain ones follow YAML 1.2 core rules, refusing what 1.1 would misread."""
    text = event.value
    if event.style or not event.implicit[0]:
        return text
    if text and text[0] not in _RESOLVABLE_FIRST:
        return text  # no implicit type starts with this character: plain text, no regex needed
    tag = _Loader.resolve(_Loader, yaml.ScalarNode, text, (True, False))
    return _resolve_plain(text, tag)


def _resolve_plain(text: str, tag: str):
    kind = tag.rsplit(":", 1)[-1]
    if kind == "null":
        return None
    if kind == "bool":
        if text.lower() in YAML11_BOOLS:
            return Ambiguous(text, f"unquoted '{text}' reads as a boolean in YAML; write \"{text}\" in quotes "
                             "for text, or true/false")
        return text.lower() == "true"
    if kind in ("int", "float"):
        return _number(text, kind)
    # Timestamps stay text: only fields typed as dates turn them into dates.
    return text


def _number(text: str, kind: str):
    if ":" in text:
        return Ambiguous(text, f"unquoted '{text}' reads as a base-60 number in YAML; put it in quotes")
    if OCTAL_LOOKING.match(text):
        return Ambiguous(text, f"unquoted '{text}' reads as an octal number in YAML; put it in quotes, "
                         "or drop the leading zero")
    cleaned = text.replace("_", "")
    if kind == "int":
        try:
            return int(cleaned, 0)
        except ValueError:
            return Ambiguous(text, f"'{text}' is not a number this site reads; put it in quotes")
    low = cleaned.lower()
    if low in (".inf", "+.inf", "-.inf", ".nan"):
        return Ambiguous(text, f"'{text}' is not a finite number; write a number or quote the text")
    return float(cleaned)
