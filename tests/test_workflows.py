"""The GitHub workflows, Dependabot config and issue forms: they parse, follow the hardening rules, and zizmor is clean."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"uses:\s*\S+@[0-9a-f]{40} # v\d+(\.\d+)*\s*$")


def _load(path: Path) -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1); put it back under its name.
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def _steps(workflow: dict):
    for job in workflow["jobs"].values():
        yield from job.get("steps", [])


def test_there_are_workflows():
    assert {p.name for p in WORKFLOWS} >= {"ci.yml", "preview.yml", "deploy.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_is_hardened(path: Path):
    workflow = _load(path)
    assert workflow["permissions"] == {"contents": "read"}, "top-level permissions must be contents: read"
    for name, job in workflow["jobs"].items():
        for scope, level in (job.get("permissions") or {}).items():
            assert level in ("read", "write", "none"), f"{name}: {scope}: {level}"
    for step in _steps(workflow):
        if "uses" in step:
            assert PINNED.match(step["uses"]), f"not pinned by full commit SHA: {step['uses']}"
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step.get("with", {}).get("persist-credentials") is False, "checkout must not persist credentials"
        assert "github.event." not in step.get("run", ""), f"event data expanded inside run: {step.get('name')}"
    text = path.read_text(encoding="utf-8")
    for line in text.splitlines():
        if re.search(r"\buses:", line):
            assert VERSION_COMMENT.search(line), f"pin without a '# vX.Y.Z' comment: {line.strip()}"


def test_write_scopes_only_where_needed():
    granted = {(path.name, job): set(scope for scope, level in (spec.get("permissions") or {}).items()
                                     if level == "write")
               for path in WORKFLOWS for job, spec in _load(path)["jobs"].items()}
    writers = {key: scopes for key, scopes in granted.items() if scopes}
    assert writers == {
        ("deploy.yml", "deploy"): {"pages", "id-token"},
        ("preview.yml", "comment"): {"pull-requests"},
        ("link-check.yml", "report"): {"issues"},
        ("stale-facts.yml", "report"): {"issues"},
    }


def test_ci_runs_the_developer_make_targets():
    ci = _load(GITHUB / "workflows" / "ci.yml")
    runs = " ".join(step.get("run", "") for step in _steps(ci))
    for target in ("make check", "make test", "make site", "make audit"):
        assert target in runs
    assert {"pull_request", "push"} <= set(ci["on"])
    uploads = {step["with"]["name"]: step["with"]["path"] for step in _steps(ci)
               if step.get("uses", "").startswith("actions/upload-artifact@")}
    assert uploads["site"] == "site/" and uploads["site-audit-${{ matrix.engine }}"] == "site-audit/"
    # The audit runs once per engine: Material for MkDocs and Zensical.
    assert ci["jobs"]["audit"]["strategy"]["matrix"]["engine"] == ["mkdocs", "zensical"]
    assert "python -m playwright install --with-deps chromium" in runs


def test_preview_never_runs_pull_request_code():
    preview = _load(GITHUB / "workflows" / "preview.yml")
    assert list(preview["on"]) == ["workflow_run"]
    for step in _steps(preview):
        assert not step.get("uses", "").startswith("actions/checkout@"), "the privileged workflow checks out nothing"
        for command in ("make", "python", "npm", "pip", "bash site", "sh site"):
            assert not re.search(rf"(^|\s){command}\b", step.get("run", "")), f"runs {command}"


def test_deploy_uses_the_official_pages_actions():
    uses = [step.get("uses", "") for step in _steps(_load(GITHUB / "workflows" / "deploy.yml"))]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)


def test_dependabot_watches_every_ecosystem():
    config = yaml.safe_load((GITHUB / "dependabot.yml").read_text(encoding="utf-8"))
    assert {u["package-ecosystem"] for u in config["updates"]} == {"pip", "github-actions", "npm"}


def test_issue_forms_parse():
    forms = {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml")}
    assert {"fact-correction.yml", "new-record.yml", "config.yml"} <= set(forms)
    correction = forms["fact-correction.yml"]
    ids = {item.get("id") for item in correction["body"]}
    assert "page" in ids, "the 'Report a correction' link fills the field with id 'page'"
    for name, form in forms.items():
        if name != "config.yml":
            assert form["name"] and form["description"] and form["body"]


def test_zizmor_finds_nothing():
    zizmor = Path(sys.executable).with_name("zizmor")
    result = subprocess.run([str(zizmor), "--offline", "--no-progress", str(GITHUB)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


@pytest.mark.parametrize("name, target", [("link-check.yml", "make external-links"),
                                          ("stale-facts.yml", "make stale-facts")])
def test_weekly_reports_keep_one_issue_and_never_run_on_pull_requests(name, target):
    check = _load(GITHUB / "workflows" / name)
    assert set(check["on"]) == {"schedule", "workflow_dispatch"}
    runs = " ".join(step.get("run", "") for step in _steps(check))
    assert target in runs and "keep-one-issue.sh" in runs
    script = (GITHUB / "scripts" / "keep-one-issue.sh").read_text("utf-8")
    assert script.count("gh issue create") == 1, "one issue, updated in place, not a new one each week"
