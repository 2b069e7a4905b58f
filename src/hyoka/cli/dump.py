"""Write the whole database (audit trail included) to a JSON file: hyoka dump -o FILE."""

from hyoka.cli.backup import configure_dump as configure
from hyoka.cli.backup import run_dump as run

__all__ = ["configure", "run"]
