"""Quality gates on the built site: links, HTML validity, accessibility, page weight and Lighthouse scores.

Not part of the generator: it reads only a built `site/` folder, so it works for any engine that builds one.
"""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
