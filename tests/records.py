"""Snippets of fact files shared by the tests that write scratch data folders."""

# The smallest valid ending of a record, its `checked` date and `sources:` list: most scratch records end with it.
SOURCE = """\
sources:
  - url: https://example.org/a
    publisher: Example News
    title: An article
    accessed: 2026-11-28
    excerpt: The article states the record's claims.
checked: 2026-11-29
"""
