"""The MkDocs adapter: checks the data before a build, so data errors stop it with located messages."""
from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from generator.pipeline import load_graph
from generator.problems import DataError


class FactsConfig(Config):
    """Options of the `facts` plugin in mkdocs.yml."""

    data_dir = config_options.Type(str, default="data")


class FactsPlugin(BasePlugin[FactsConfig]):
    """Loads, validates and links data/ on every build."""

    def on_config(self, config):
        """Read the data once per build; errors abort the build with every located problem."""
        root = Path(config.config_file_path).parent
        try:
            self.graph = load_graph(root / self.config.data_dir, root)
        except DataError as error:
            raise PluginError("data errors:\n" + str(error)) from None
        return config
