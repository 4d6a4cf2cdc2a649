"""The command line for contributors and CI: check, build, export, schema (cli), new (scaffold) and diff.

May import: everything in the package.
"""
