"""The JSON Schemas editors use stay in step with the model, and every kind is mapped for VS Code."""
from __future__ import annotations

import json
from pathlib import Path

from generator.facts.model import KINDS
from generator.tools.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_committed_schemas_match_the_model(tmp_path, capsys):
    assert main(["schema", "--out", str(tmp_path)]) == 0
    capsys.readouterr()
    for kind in KINDS:
        fresh = (tmp_path / f"{kind}.schema.json").read_text("utf-8")
        committed = ROOT / "schemas" / f"{kind}.schema.json"
        assert committed.exists() and committed.read_text("utf-8") == fresh, (
            f"schemas/{kind}.schema.json is stale: run `python -m generator schema --out schemas`")


def test_every_kind_is_mapped_for_editors_and_every_field_described():
    mapping = json.loads((ROOT / ".vscode" / "settings.json").read_text("utf-8"))["yaml.schemas"]
    assert {f"./schemas/{kind}.schema.json": f"data/{kind}/*.yml" for kind in KINDS}.items() <= mapping.items()
    for kind, model in KINDS.items():
        schema = model.model_json_schema(by_alias=True)
        undocumented = [name for name, prop in schema["properties"].items() if not prop.get("description")]
        assert undocumented == [], f"{kind}: fields without a description: {undocumented}"
