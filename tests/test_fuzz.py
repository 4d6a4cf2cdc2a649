"""Property tests: no bytes and no YAML document make `check` raise; it always answers with located lines."""
from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.facts.model import KINDS
from generator.facts.pipeline import read_data

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30),
                    st.dates().map(str))
documents = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(
        ["name", "summary", "sources", "url", "person", "text", "roles", "company", "title", "date", "figures",
         "value", "x", "from", "kind", "accessed"]) | st.text(max_size=8), inner, max_size=5)), max_leaves=25)


def check_one(kind: str, content: bytes) -> None:
    """Write one file of a kind and read the data; every problem must be located in that file."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "data", kind, "x.yml")
        path.parent.mkdir(parents=True)
        path.write_bytes(content)
        result = read_data(Path(tmp, "data"), Path(tmp))
        for problem in result.problems:
            assert problem.path == f"data/{kind}/x.yml" and problem.line >= 1 and problem.col >= 1


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(sorted(KINDS)), content=st.binary(max_size=300))
def test_arbitrary_bytes_never_raise(kind, content):
    check_one(kind, content)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(sorted(KINDS)), document=documents)
@example(kind="charts", document={"[]": None})  # once taken for a validator's name and dropped from the location
def test_arbitrary_yaml_documents_never_raise(kind, document):
    check_one(kind, yaml.safe_dump(document, allow_unicode=True).encode())


@settings(max_examples=200, deadline=None)
@given(kind=st.sampled_from(sorted(KINDS)), text=st.text(alphabet=st.sampled_from(list("ab: -[]{}&*!|>'\"\n#,?%@`~")),
                                                           max_size=60))
def test_yaml_punctuation_soup_never_raises(kind, text):
    check_one(kind, text.encode())
