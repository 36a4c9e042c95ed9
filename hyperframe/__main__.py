"""``python -m hyperframe dump ...``: see :mod:`hyperframe.dump`."""

import sys

from .dump import main

sys.exit(main())
