"""The ``hyoka`` command.

Every sub-command lives in a module of its own and registers itself in
:data:`COMMANDS`; :func:`main` parses the line and runs one.  Exit codes: 0 done,
2 the input could not be read (one line on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from types import ModuleType

from hyoka import __version__
from hyoka.cli import (
    check,
    checkdb,
    dump,
    evaluate,
    explain,
    export,
    importer,
    lineage,
    load,
    publish,
    serve,
    summary,
    user,
    year,
)
from hyoka.core.i18n import use_language

__all__ = ["main"]

#: Sub-command → its module, which has ``configure(parser)`` and ``run(args) -> int``.
COMMANDS: dict[str, ModuleType] = {
    "check": check,
    "explain": explain,
    "import": importer,
    "evaluate": evaluate,
    "export": export,
    "dump": dump,
    "load": load,
    "check-db": checkdb,
    "publish": publish,
    "lineage": lineage,
    "summary": summary,
    "serve": serve,
    "user": user,
    "year": year,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hyoka",
        description="Hyoka (評価): rate the KPIs of Japanese regional plans — 評価指標の進捗評価",
    )
    parser.add_argument("--version", action="version", version=f"hyoka {__version__}")
    subs = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, module in COMMANDS.items():
        doc = (module.__doc__ or "").strip().splitlines()[0]
        module.configure(
            subs.add_parser(
                name,
                help=doc,
                description=module.__doc__,
                formatter_class=argparse.RawDescriptionHelpFormatter,
            )
        )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        # the messages in the language of --lang, for the commands that have it
        with use_language(getattr(args, "lang", None)):
            return int(COMMANDS[args.command].run(args))
    except BrokenPipeError:  # `hyoka check … | head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("hyoka: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
