from datetime import datetime, timezone


def utcnow() -> datetime:
    """Naive UTC, the one form every timestamp is stored in.

    SQLite keeps no time zone, so aware datetimes would come back naive
    there and aware on PostgreSQL; storing naive UTC everywhere keeps
    comparisons the same on both.
    """
    return datetime.now(timezone.utc).replace(tzinfo=None)
