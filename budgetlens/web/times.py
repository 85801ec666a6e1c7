"""Times as the portal and the API give them, in one place. The store holds two kinds: a job's
moments as seconds since the epoch, a document's ingested_at as a datetime in UTC (SQLite gives
it back without its zone). Pages print them in the server's zone, to the second; the API gives
ISO 8601 with the zone's offset, so that a client need not guess it."""

from __future__ import annotations

from datetime import datetime, timezone

SHOWN = "%Y-%m-%d %H:%M:%S"


def local(value: float | datetime | None) -> datetime | None:
    """The moment in the server's zone (a datetime without a zone is the store's UTC)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).astimezone()
    return datetime.fromtimestamp(value).astimezone()


def shown(value: float | datetime | None) -> str:
    """As pages print it (— for none)."""
    moment = local(value)
    return moment.strftime(SHOWN) if moment else "—"


def iso(value: float | datetime | None) -> str | None:
    """As the API gives it: ISO 8601 with the offset (None for none)."""
    moment = local(value)
    return moment.isoformat(timespec="seconds") if moment else None
