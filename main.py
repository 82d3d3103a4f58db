"""Start 支部台账 from a source checkout: ``python main.py [--db ...] [command]``."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from app.__main__ import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
