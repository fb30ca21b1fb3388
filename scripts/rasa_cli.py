"""Rasa's command line, with a start-up screen staff can read (`make run`, `make shell`).

Importing Sanic (sanic/app.py) puts a "once" filter for DeprecationWarning in
front of every other, so PYTHONWARNINGS=ignore::DeprecationWarning (the
Makefile's) stops working and dozens of libraries' deprecation notices print
before the prompt. This imports Sanic first, puts the ignore back in front,
and hands over to Rasa's own entry point. Rasa still shows every other
warning, once, and filters the ones it expects itself.
"""

from __future__ import annotations

import warnings

import sanic  # noqa: F401  (imported for its side effect on the warning filters)

warnings.filterwarnings("ignore", category=DeprecationWarning)

from rasa.__main__ import main  # noqa: E402  (after the filter: importing Rasa warns)

if __name__ == "__main__":
    main()
