"""Entry point of ``python -m h2tools``."""

from __future__ import annotations

import sys

from h2tools.cli import main

if __name__ == "__main__":
    sys.exit(main())
