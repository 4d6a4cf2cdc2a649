"""The committed limits: page weight budgets per page type and Lighthouse targets."""
from __future__ import annotations

from pathlib import Path

import yaml

from audit import HERE
from audit.pages import base_type

BUDGETS = HERE / "budgets.yml"
KINDS = ("html", "css", "js", "font", "image", "other")


def load_budgets(path: Path = BUDGETS, engine: str = "mkdocs") -> dict:
    """Read the budgets file: `weight` (default plus per-type limits) and `lighthouse` (pages and targets), with
    the engine's own limits (`engines.<engine>`, by page type) laid over the weights."""
    budgets = yaml.safe_load(path.read_text(encoding="utf-8"))
    if "default" not in budgets.get("weight", {}):
        raise ValueError(f"{path}: weight.default is required")
    for page_type, limits in ((budgets.get("engines") or {}).get(engine) or {}).items():
        budgets["weight"][page_type] = {**(budgets["weight"].get(page_type) or {}), **limits}
    return budgets


def budget_for(page_type: str, budgets: dict) -> dict[str, int]:
    """The limits for a page type: the defaults, overridden by the type's own entry (another edition's page has
    its English twin's limits: "zh/company" those of "company")."""
    weight = budgets["weight"]
    return {**weight["default"], **(weight.get(base_type(page_type)) or {})}


def over_budget(measured: dict[str, int], budget: dict[str, int]) -> list[str]:
    """One line per kind (and the total) whose gzip bytes exceed the budget."""
    sizes = {**{kind: measured.get(kind, 0) for kind in KINDS}, "total": sum(measured.values())}
    return [f"{kind} {sizes[kind]:,} B > budget {limit:,} B" for kind, limit in budget.items()
            if kind in sizes and sizes[kind] > limit]


def below_target(scores: dict[str, int | None], targets: dict[str, int]) -> list[str]:
    """One line per Lighthouse category below its target (a missing score counts as 0)."""
    return [f"{category} {scores.get(category)} < {target}" for category, target in targets.items()
            if (scores.get(category) or 0) < target]
