"""``python -m hpack deflate|inflate`` (see :mod:`hpack.cli`)."""

from .cli import main

raise SystemExit(main())
