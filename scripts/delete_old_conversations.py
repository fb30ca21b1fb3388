"""Delete stored conversations idle for longer than RETENTION_DAYS (default 30).

Uses the same DB_* settings as the Rasa server. Run it from cron, e.g. nightly:
    0 3 * * *  cd /srv/clinic-assistant && make delete-old-conversations
The Rasa server also does this each time it starts.
"""

from __future__ import annotations

import sys

from extensions.tracker_store import EnvironmentSQLTrackerStore


def main() -> int:
    try:
        store = EnvironmentSQLTrackerStore(delete_old_on_start=False)
    except ValueError as error:  # a misconfigured DB_* or RETENTION_DAYS setting
        print(f"delete_old_conversations: {error}", file=sys.stderr)
        return 2
    if store.retention_days <= 0:
        print("RETENTION_DAYS=0: conversations are kept; nothing deleted")
        return 0
    deleted = store.delete_conversations_idle_for(store.retention_days)
    print(f"deleted {deleted} conversations idle for more than {store.retention_days:g} days")
    return 0


if __name__ == "__main__":
    sys.exit(main())
