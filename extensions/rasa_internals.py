"""The overrides of Rasa internals check, at import, that what they replace is still there.

Each override here depends on Rasa 3.6's private names. On another Rasa
release, or when a name is gone, the server stops at start-up with a message
naming the override to re-check, instead of the override silently doing
nothing (README, "Changes to Rasa's behaviour").
"""

from __future__ import annotations

import rasa

SUPPORTED_RASA = "3.6."


class RasaChangedError(RuntimeError):
    """An override of a Rasa internal no longer fits the installed Rasa."""


def require(owner: type, attribute: str, where: str, version: str = rasa.__version__) -> None:
    """Stop unless Rasa is 3.6.x and `owner` itself still defines `attribute`."""
    name = f"{owner.__module__}.{owner.__qualname__}.{attribute}"
    if not version.startswith(SUPPORTED_RASA):
        raise RasaChangedError(
            f"{where} overrides {name}, written for Rasa {SUPPORTED_RASA}x; this is Rasa "
            f"{version}: re-check it against the new release (README, "
            "'Changes to Rasa's behaviour'), then update SUPPORTED_RASA"
        )
    if attribute not in vars(owner):
        raise RasaChangedError(
            f"{where} overrides {name}, which this Rasa ({version}) no longer defines: "
            "the override would do nothing; re-check it (README, 'Changes to Rasa's behaviour')"
        )
