"""``python -m app`` and the installed ``branch-ledger`` command."""

from __future__ import annotations

import sys
from pathlib import Path

# The options of a plain start of the window; anything else goes to the
# command line's parser (app.cli), which also answers --help.
_WINDOW_OPTIONS = {"--db": "db", "--smoke-pdf": "smoke_pdf", "--smoke-until": "smoke_until"}
_SMOKE_UNTIL = ("painted", "rows")


def window_arguments(argv: list[str]) -> dict[str, object] | None:
    """The window's options when ``argv`` only starts the window (no command,
    nothing to explain); else None. Starting the window this way skips
    building the command line's parser, which loads every area's reports:
    the window paints sooner (issue 13)."""
    found: dict[str, object] = {
        "db": None,
        "smoke": False,
        "smoke_pdf": None,
        "smoke_until": "rows",
    }
    args = iter(argv)
    for arg in args:
        name, _, inline = arg.partition("=")
        if arg == "--smoke":
            found["smoke"] = True
        elif name in _WINDOW_OPTIONS:
            value = inline if inline else next(args, None)
            if not value or value.startswith("-"):
                return None  # let argparse say what is missing
            found[_WINDOW_OPTIONS[name]] = value
        else:
            return None
    if found["smoke_until"] not in _SMOKE_UNTIL:
        return None
    if found["smoke_pdf"] is not None:
        found["smoke_pdf"] = Path(str(found["smoke_pdf"]))
    return found


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    window = window_arguments(args)
    if window is not None:
        from app.bootstrap import run_gui
        from app.domain.errors import UserError

        db = window.pop("db")
        try:
            return run_gui(db, **window)  # type: ignore[arg-type]
        except UserError as exc:
            print(f"错误：{exc.message}", file=sys.stderr)
            return 1
    from app.cli import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
