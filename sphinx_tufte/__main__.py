"""``python -m sphinx_tufte``: the same command line as the ``sphinx-tufte`` script."""

from sphinx_tufte.cli import main

raise SystemExit(main())
