"""`python -m generator new <kind> <id>`: write a commented template for a new record, with placeholders.

The template is built from the kind's JSON Schema (field names, descriptions, required or not, value types), so a
kind added to KINDS gets a template without changes here. Required values are "TODO: ..." placeholders, which
`check` reports one by one with what to write; optional fields are commented out, ready to be switched on.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from generator.facts.link import REFERENCES, SINGULAR
from generator.facts.load import SLUG
from generator.facts.model import KINDS, Record
from generator.facts.placeholders import MARKER
from generator.facts.problems import did_you_mean

EXIT_OK, EXIT_USAGE = 0, 2
INDENT = "  "
# Optional fields a record of the kind almost always needs (a date, a Chinese name, its data): shown as
# placeholders rather than commented out. A kind missing here still gets a working template.
SUGGESTED: dict[str, set[str]] = {
    "companies": {"name_zh", "founded"},
    "people": {"name_zh"},
    "events": {"date"},
    "charts": {"data"},
}
OPTIONAL_HINT = " Delete the line if unknown."


def register(commands) -> None:
    """Add the `new` subcommand."""
    new = commands.add_parser("new", help="write a template for a new record: data/<kind>/<id>.yml")
    new.add_argument("kind", help="kind of record: " + ", ".join(_kind_names()))
    new.add_argument("id", help="id of the record, also its file name: lowercase words joined by hyphens")
    new.add_argument("--data", type=Path, default=Path("data"), help="data folder (default: data)")
    new.set_defaults(run=run_new)


def _kind_names() -> list[str]:
    return [SINGULAR.get(kind, kind) for kind in KINDS]


def run_new(args: argparse.Namespace) -> int:
    """Write the template, refusing an unknown kind, a malformed id or an id already taken."""
    kind = resolve_kind(args.kind)
    if kind is None:
        return _usage(f"'{args.kind}' is not a kind of record; use one of: {', '.join(_kind_names())}"
                      + did_you_mean(args.kind, _kind_names() + list(KINDS)))
    if not SLUG.match(args.id):
        return _usage(f"'{args.id}' is not a valid id: lowercase letters, digits and single hyphens, "
                      "such as 'deepseek-r1'")
    path = args.data / kind / f"{args.id}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as file:  # "x": never overwrite, even if created meanwhile
            file.write(template(kind, args.id, args.data))
    except FileExistsError:
        return _usage(f"{path} exists already: the id '{args.id}' is taken; edit that file, or pick another id")
    print(f"wrote {path}\nnext: replace every \"{MARKER}: ...\" in it, then run `python -m generator check`, "
          "which lists each placeholder left with what to write")
    return EXIT_OK


def _usage(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_USAGE


def resolve_kind(name: str) -> str | None:
    """The kind's folder name from its plural ('companies') or singular ('company'); None if unknown."""
    if name in KINDS:
        return name
    return next((kind for kind in KINDS if SINGULAR.get(kind) == name), None)


def template(kind: str, id: str, data_dir: Path | None = None) -> str:
    """The commented YAML template for a new record of that kind."""
    model = KINDS[kind]
    schema = model.model_json_schema(by_alias=True)
    noun = SINGULAR.get(kind, kind)
    lines = [
        f"# A new {noun}: {kind}/{id}/ on the site. The file name is the id.",
        f"# Replace each \"{MARKER}: ...\", quotes included, with the fact. Text may stay in quotes (it must when it",
        "# holds ': '); write numbers, true/false and dates without quotes.",
        "# Lines starting with '# ' are optional fields: delete the '# ' to use one. Delete what you don't use.",
        "# Then run `python -m generator check`: it points at each placeholder left. See CONTRIBUTING.md.",
        "",
    ]
    context = _Context(schema, kind, SUGGESTED.get(kind, set()), data_dir)
    for name in _field_order(model, schema):
        lines += context.field(name, schema["properties"][name], name in schema.get("required", []), "", 0)
    return "\n".join(lines) + "\n"


def _field_order(model: type[Record], schema: dict) -> list[str]:
    """The kind's own fields first, then the ones every record shares (tags, disputes, sources last)."""
    shared = [_alias(Record, name) for name in Record.model_fields]
    own = [name for name in schema["properties"] if name not in shared]
    return own + [name for name in reversed(shared) if name in schema["properties"]]


def _alias(model, name: str) -> str:
    info = model.model_fields[name]
    return info.alias or name


# Optional in the schema but expected by `check` (a record needs one source with the words that state it).
ALWAYS_WRITTEN = {"excerpt"}


class _Context:
    """What rendering needs besides the field: the schema's definitions and the kind's hints."""

    def __init__(self, schema: dict, kind: str, suggested: set[str], data_dir: Path | None):
        self.defs = schema.get("$defs", {})
        self.kind = kind
        self.suggested = suggested
        self.data_dir = data_dir

    def resolve(self, prop: dict) -> tuple[dict, bool]:
        """The property's schema without its `null` alternative and `$ref` indirection; True if it may be null."""
        nullable = False
        options = prop.get("anyOf")
        if options and any(o.get("type") == "null" for o in options):
            nullable = True
            rest = [o for o in options if o.get("type") != "null"]
            prop = {**prop, **rest[0]} if len(rest) == 1 else {**prop, "anyOf": rest}
            if len(rest) == 1:
                prop.pop("anyOf", None)
        if "$ref" in prop:
            prop = {**self.defs[prop["$ref"].rsplit("/", 1)[-1]], "description": prop.get("description")}
        return prop, nullable

    def field(self, name: str, prop: dict, required: bool, path: str, depth: int, commented: bool = False):
        """The lines for one field at an indent depth; optional fields commented out."""
        prop, _ = self.resolve(prop)
        here = f"{path}.{name}" if path else name
        active = required or (depth == 0 and name in self.suggested) or name in ALWAYS_WRITTEN
        description = (prop.get("description") or name).strip()
        if not active and not commented:
            # An optional field: its description, then the field itself, commented out.
            block = self.value(name, prop, here, depth, description, "", commented=True)
            if len(block) == 1:
                return [_comment(block[0], depth)]
            return [_comment(f"{INDENT * depth}{description}", depth)] + [_comment(line, depth) for line in block]
        hint = "" if required or name in ALWAYS_WRITTEN else OPTIONAL_HINT
        return self.value(name, prop, here, depth, description, hint, commented)

    def value(self, name: str, prop: dict, path: str, depth: int, description: str, hint: str, commented: bool):
        """`name: value` lines, nesting mappings and lists of mappings."""
        pad = INDENT * depth
        kind = prop.get("type")
        if kind == "object" and "properties" in prop:
            return [f"{pad}{name}:"] + self.mapping(prop, path, depth + 1, commented)
        if kind == "array" and self._item_is_model(prop):
            item = self.resolve(prop["items"])[0]
            body = self.mapping(item, path + "[]", depth + 2, commented)
            if not body or body[0].lstrip().startswith("#"):
                return [f"{pad}{name}:", f"{pad}{INDENT}-"] + body  # no required first key to put after '-'
            return [f"{pad}{name}:", f"{pad}{INDENT}- {body[0].lstrip()}"] + body[1:]
        if kind == "array":
            return [f"{pad}{name}:", f"{pad}{INDENT}- {_quote(self.placeholder(prop.get('items', {}), path, description, hint))}"]
        if kind == "object":
            return [f"{pad}{name}: {{}}  # {description}"]
        return [f"{pad}{name}: {_quote(self.placeholder(prop, path, description, hint))}"]

    def mapping(self, prop: dict, path: str, depth: int, commented: bool) -> list[str]:
        """The lines of a nested mapping's fields: required ones first as placeholders, optional ones commented."""
        required = prop.get("required", [])
        names = sorted(prop["properties"], key=lambda key: key not in required)
        lines = []
        for key in names:
            sub = prop["properties"][key]
            if commented and self._is_complex(sub):
                # Keep optional blocks short: a nested structure there is one placeholder line, or left out.
                if key in required:
                    text = self.placeholder({}, f"{path}.{key}", self.resolve(sub)[0].get("description") or key, "")
                    lines.append(f"{INDENT * depth}{key}: {_quote(text)}")
                continue
            lines += self.field(key, prop["properties"][key], key in required, path, depth, commented)
        return lines

    def _is_complex(self, prop: dict) -> bool:
        return self.resolve(prop)[0].get("type") in ("object", "array")

    def _item_is_model(self, prop: dict) -> bool:
        items = prop.get("items", {})
        return "$ref" in items or items.get("type") == "object" and "properties" in items

    def placeholder(self, prop: dict, path: str, description: str, hint: str) -> str:
        """'TODO: <what to write>', with the expected form when the description does not already say it."""
        form = _form(prop)
        text = description[:-1] if description.endswith(".") and not description.endswith("..") else description
        if form and not _said_in(prop, form, description):
            text += f" ({form})"
        example = self.example_id(path)
        if example:
            text += f", e.g. '{example}'"
        return f"{MARKER}: {text}.{hint}"

    def example_id(self, path: str) -> str | None:
        """For a reference field, an id that exists, so the contributor sees the form ids take."""
        target = next((to for kind, field, to in REFERENCES if kind == self.kind and field == path), None)
        if target is None or self.data_dir is None:
            return None
        ids = sorted(p.stem for p in (self.data_dir / target).glob("*.yml"))
        return ids[0] if ids else None


def _form(prop: dict) -> str:
    """How a value is written, from its schema: choices, date forms, true/false, a number."""
    if "enum" in prop:
        return "one of: " + ", ".join(map(str, prop["enum"]))
    if "const" in prop:
        return f"'{prop['const']}'"
    if prop.get("format") == "date":
        return "YYYY-MM-DD"
    if any("pattern" in option for option in prop.get("anyOf", [])):
        return "YYYY, YYYY-MM or YYYY-MM-DD"
    return {"boolean": "true or false", "number": "a number", "integer": "a whole number"}.get(prop.get("type"), "")


def _said_in(prop: dict, form: str, description: str) -> bool:
    """True when the description already tells the form (lists the choices, shows the date pattern)."""
    if "enum" in prop:
        return all(str(choice) in description for choice in prop["enum"])
    return form.split()[0] in description


def _quote(text: str) -> str:
    """A double-quoted YAML scalar (JSON string syntax is valid YAML), so colons in the text are safe."""
    return json.dumps(text, ensure_ascii=False)


def _comment(line: str, depth: int) -> str:
    """Comment a line out, keeping the indentation so deleting '# ' restores it."""
    pad = INDENT * depth
    return f"{pad}# {line[len(pad):]}" if line.startswith(pad) else f"# {line}"
