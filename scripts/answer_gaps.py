"""Write the staff report of what patients asked that the assistant did not answer well.

    make gaps              # the last 30 days
    make gaps DAYS=7       # the last week
    make gaps HTML=1       # also one self-contained page to open in a browser

Reads the conversation store the server writes to (SQLite by default,
PostgreSQL with DB_DIALECT=postgresql and the same DB_* variables as the
server). What is stored is already redacted, so the report holds no names,
phone numbers or other identifiers. Writes reports/answer-gaps.md, .png and,
with --html, .html; groups the messages by meaning with the sentence encoder
(clinic/gaps.py).
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import os
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from clinic import content  # noqa: E402
from clinic.gaps import (  # noqa: E402
    GapReport,
    build_report,
    outcome,
    outcomes_with_rephrases,
    to_html,
    to_markdown,
    turns_from_events,
)
from clinic.settings import tracker_store_settings  # noqa: E402

DEFAULT_OUT = ROOT / "reports"
SECONDS_PER_DAY = 86_400
CHART_GROUPS = 10


def store_url(env: Mapping[str, str]) -> sa.engine.URL:
    """The conversation store the server uses, from the same variables."""
    settings = tracker_store_settings(env)
    if settings["dialect"] == "sqlite":
        return sa.engine.URL.create("sqlite", database=settings["db"])
    return sa.engine.URL.create(
        "postgresql",
        username=settings["username"],
        password=settings["password"] or None,
        host=settings["host"],
        port=settings["port"],
        database=settings["db"],
    )


def stored_events(url: sa.engine.URL, since: float) -> Iterator[tuple[str, dict[str, Any]]]:
    """(sender, event) of every user, action and bot event since `since`, in stored order."""
    if url.drivername == "sqlite" and not Path(url.database or "").exists():
        return  # no conversations yet (and do not create the file)
    engine = sa.create_engine(url)
    try:
        if not sa.inspect(engine).has_table("events"):
            return
        query = sa.text(
            "SELECT sender_id, data FROM events WHERE timestamp >= :since "
            "AND type_name IN ('user', 'action', 'bot') ORDER BY id"
        )
        with engine.connect() as connection:
            for sender, data in connection.execute(query, {"since": since}):
                yield str(sender), json.loads(data)
    finally:
        engine.dispose()


def no_answer_texts() -> list[str]:
    """Replies that mean "I don't have that answer"."""
    profile = content.profile()
    unknown = content.knowledge().phrases.get("unknown_condition", "")
    return [text for text in (profile.answer("cannot_help"), profile.render(unknown)) if text]


def make_report(url: sa.engine.URL, days: float, now: float | None = None) -> GapReport:
    now = time.time() if now is None else now
    since = now - days * SECONDS_PER_DAY
    start = dt.datetime.fromtimestamp(since, dt.timezone.utc).date().isoformat()
    end = dt.datetime.fromtimestamp(now, dt.timezone.utc).date().isoformat()
    period = f"{start} to {end}, last {days:g} days"
    turns = turns_from_events(stored_events(url, since))
    if not turns:
        return GapReport(period, 0, 0, ())
    from clinic.sentence_encoder import shared_encoder

    vectors = shared_encoder().encode([t.text for t in turns])
    intro = content.profile().phrases["fallback_intro"]
    no_answer = no_answer_texts()
    first = [outcome(t, intro, no_answer) for t in turns]
    return build_report(period, turns, outcomes_with_rephrases(turns, first, vectors), vectors)


def chart_png(report: GapReport, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    shown = report.groups[:CHART_GROUPS]
    figure, axes = plt.subplots(figsize=(9, 0.5 * max(len(shown), 2) + 1.2))
    labels = [(g.examples[0][:60] + ("..." if len(g.examples[0]) > 60 else "")) for g in shown]
    axes.barh(range(len(shown)), [g.size for g in shown], color="#4a7fb0")
    axes.set_yticks(range(len(shown)), labels)
    axes.invert_yaxis()
    axes.set_xlabel("patient messages not answered well")
    axes.set_title(f"Largest topics, {report.period}")
    figure.tight_layout()
    figure.savefig(path, dpi=90)
    plt.close(figure)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=float, default=30.0)
    parser.add_argument("--html", action="store_true", help="also write a self-contained page")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    if args.days <= 0:
        parser.error("--days must be positive")
    report = make_report(store_url(os.environ), args.days)
    args.out.mkdir(parents=True, exist_ok=True)
    png = args.out / "answer-gaps.png"
    chart = None
    if report.groups:
        chart_png(report, png)
        chart = png.name
    (args.out / "answer-gaps.md").write_text(to_markdown(report, chart), encoding="utf-8")
    written = [args.out / "answer-gaps.md", *([png] if chart else [])]
    if args.html:
        inline = base64.b64encode(png.read_bytes()).decode() if chart else None
        page = args.out / "answer-gaps.html"
        page.write_text(to_html(report, inline), encoding="utf-8")
        written.append(page)
    print(
        f"answer gaps: {report.messages} patient messages, {report.messages - report.answered} "
        f"not answered well, {len(report.groups)} topics -> "
        + ", ".join(str(p.relative_to(ROOT)) if p.is_relative_to(ROOT) else str(p) for p in written)
    )


if __name__ == "__main__":
    main()
