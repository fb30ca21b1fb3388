"""A yes or no that can delete something must be a clear one.

"hmm" read as "yes" at 49% confidence must not delete a conversation; a
reading of `affirm` or `deny` below the confirmation threshold is treated as
not understood, and the question is asked again. Button payloads ("/affirm")
always carry full confidence.
"""

from __future__ import annotations

from clinic.names import NLU_FALLBACK as FALLBACK

CONFIRMATIONS = frozenset({"affirm", "deny"})


def confirmed_intent(intent: str, confidence: float, threshold: float) -> str:
    """`intent`, or the fallback for a yes or no that is not clear enough to act on."""
    if intent in CONFIRMATIONS and confidence < threshold:
        return FALLBACK
    return intent
