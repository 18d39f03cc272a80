"""Times as people say them."""
from datetime import datetime

from forum.models.base import utcnow


def when(moment: datetime | None) -> str:
    """A time as people say it: "5 minutes ago", "3 days ago", "12 Mar 2026"."""
    if moment is None:
        return "never"
    seconds = (utcnow() - moment).total_seconds()
    for limit, unit, size in ((3600, "minute", 60), (86400, "hour", 3600), (86400 * 7, "day", 86400)):
        if seconds < limit:
            count = int(seconds // size)
            if count < 1:
                return "just now"
            return f"{count} {unit}{'' if count == 1 else 's'} ago"
    return f"{moment.day} {moment:%b %Y}"
