"""Load and validate the clinic profile (`content/clinic.yml`) and render its answers."""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from clinic.booking import booking_url
from clinic.content_files import CONTENT_DIR, ContentError

DEFAULT_PROFILE_PATH = CONTENT_DIR / "clinic.yml"

REQUIRED_FIELDS = (
    "name",
    "phone",
    "email",
    "address",
    "hours",
    "booking_url",
    "session_lengths",
)
REQUIRED_PHRASES = (
    "rates_known",
    "rates_unknown",
    "book_button",
    "fallback_intro",
    "fallback_none",
    "technical_problem",
    "disclaimer",
    "rate_limited",
    "numbered_reply_hint",
    "policy_unknown",
)
# Fields computed from others; templates may use them like stored fields.
DERIVED_FIELDS = ("rates_sentence",)
# Policies the clinic may leave empty (or leave out): the assistant then says
# to call for them (phrases.policy_unknown) instead of guessing.
POLICY_FIELDS = (
    "tipping_policy",
    "cancellation_policy",
    "late_arrival_policy",
    "minors_policy",
    "gift_cards",
)


class ProfileError(ContentError):
    """The clinic profile is missing something or refers to an unknown field."""


@dataclass(frozen=True)
class ClinicProfile:
    """The clinic's facts, its answer templates and the phrases around them."""

    fields: Mapping[str, str]
    answers: Mapping[str, str]
    phrases: Mapping[str, str]

    def render(self, template: str) -> str:
        """Fill `{field}` placeholders in a template from the profile."""
        return " ".join(template.format_map(self.template_values()).split())

    def template_values(self) -> dict[str, str]:
        """All values a template may use: stored fields plus derived ones."""
        values = dict(self.fields)
        rates_key = "rates_known" if values.get("self_pay_rates") else "rates_unknown"
        values["rates_sentence"] = self.phrases[rates_key].format_map(values)
        unknown_policy = self.phrases["policy_unknown"].format_map(values)
        values.update({f: unknown_policy for f in POLICY_FIELDS if not values.get(f, "").strip()})
        return values

    def answer(self, key: str) -> str | None:
        """The rendered answer for an intent or answer key, or None if there is none."""
        template = self.answers.get(key)
        return self.render(template) if template is not None else None


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _as_str_mapping(raw: Any, section: str) -> dict[str, str]:
    if not isinstance(raw, Mapping):
        raise ProfileError(f"'{section}' must be a mapping of names to text")
    return {str(k): "" if v is None else str(v) for k, v in raw.items()}


def parse_profile(raw: Any) -> ClinicProfile:
    """Build a profile from parsed YAML, raising ProfileError on any gap."""
    if not isinstance(raw, Mapping):
        raise ProfileError("the clinic profile must be a YAML mapping")
    fields = _as_str_mapping(raw.get("clinic"), "clinic")
    answers = _as_str_mapping(raw.get("answers"), "answers")
    phrases = _as_str_mapping(raw.get("phrases"), "phrases")

    missing = [f for f in REQUIRED_FIELDS if not fields.get(f, "").strip()]
    missing += [f"phrases.{p}" for p in REQUIRED_PHRASES if not phrases.get(p, "").strip()]
    if missing:
        raise ProfileError(f"missing or empty: {', '.join(missing)}")

    try:
        booking_url(fields["booking_url"], None, None, ())
    except ValueError as error:
        raise ProfileError(str(error)) from error

    known = set(fields) | set(DERIVED_FIELDS) | set(POLICY_FIELDS)
    for where, template in [*answers.items(), *phrases.items()]:
        unknown = _placeholders(template) - known
        if unknown:
            raise ProfileError(f"'{where}' uses unknown field(s): {', '.join(sorted(unknown))}")
    return ClinicProfile(fields=fields, answers=answers, phrases=phrases)


def load_profile(path: Path = DEFAULT_PROFILE_PATH) -> ClinicProfile:
    """Read and validate the clinic profile file."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ProfileError(f"cannot read clinic profile {path}: {error}") from error
    try:
        return parse_profile(raw)
    except ProfileError as error:
        raise ProfileError(f"{path}: {error}") from error
