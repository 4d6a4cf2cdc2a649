"""Fact-file generator for the AI-race explainer: load, validate, link and render YAML records."""
