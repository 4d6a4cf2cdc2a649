"""mkdocs.yml read and written back as plain data, keeping MkDocs' tagged values (`!ENV`, `!!python/name:`)."""
from __future__ import annotations

from pathlib import Path

import yaml


class Tagged:
    """A YAML value with an application tag (`!ENV`, `!!python/name:...`), kept so it is written back unchanged."""

    def __init__(self, tag: str, value):
        self.tag, self.value = tag, value


class _ConfigLoader(yaml.SafeLoader):
    """Safe loading that keeps MkDocs' tagged values instead of running or rejecting them."""


class _ConfigDumper(yaml.SafeDumper):
    """Writes Tagged values back with their tags."""


def _construct_tagged(loader: yaml.Loader, suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.ScalarNode):
        return Tagged(node.tag, loader.construct_scalar(node))
    if isinstance(node, yaml.SequenceNode):
        return Tagged(node.tag, loader.construct_sequence(node, deep=True))
    return Tagged(node.tag, loader.construct_mapping(node, deep=True))


def _represent_tagged(dumper: yaml.Dumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


_ConfigLoader.add_multi_constructor("!", _construct_tagged)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_ConfigDumper.add_representer(Tagged, _represent_tagged)


def read_config(path: Path) -> dict:
    """mkdocs.yml as plain data, tagged values kept as Tagged."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}


def write_config(config: dict, path: Path,
                 origin: str = "Written by `python -m generator export`: the site's config without the facts plugin."
                 ) -> None:
    """Write a config read by read_config, tags included, under a comment saying where it comes from."""
    text = yaml.dump(config, Dumper=_ConfigDumper, sort_keys=False, allow_unicode=True, width=120)
    path.write_text(f"# {origin}\n" + text, encoding="utf-8")


def _names_inside(value: str) -> bool:
    """Whether a config string could be a path strictly inside the project (not ./ itself, not above it)."""
    # "./" (an edition's link to the site root) names the project root: copying that into an export inside it recurses.
    parts = Path(value).parts
    return bool(parts) and "\n" not in value and not Path(value).is_absolute() and ".." not in parts


def referenced_paths(config, root: Path, exclude: tuple[str, ...] = ()) -> list[str]:
    """Relative paths the config names that exist under root (theme dir, hooks, layout folders), sorted."""
    found: set[str] = set()

    def visit(value) -> None:
        if isinstance(value, Tagged):
            visit(value.value)
        elif isinstance(value, dict):
            for item in value.values():
                visit(item)
        elif isinstance(value, list):
            for item in value:
                visit(item)
        elif isinstance(value, str) and _names_inside(value):
            if (root / value).exists() and value.split("/")[0] not in exclude:
                found.add(value.rstrip("/"))

    visit(config)
    return sorted(found)
