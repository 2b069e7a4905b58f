"""Load a file written by hyoka dump into an empty database: hyoka load FILE."""

from hyoka.cli.backup import configure_load as configure
from hyoka.cli.backup import run_load as run

__all__ = ["configure", "run"]
