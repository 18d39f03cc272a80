"""gunicorn settings for `make run` and the documented VPS deployment."""
import os
import re

from gunicorn.glogging import Logger

bind = os.environ.get("FORUM_BIND", "127.0.0.1:8000")
# Two sync workers suit a 1-CPU, 512 MB VPS; raise with FORUM_WORKERS.
workers = int(os.environ.get("FORUM_WORKERS", "2"))
accesslog = "-"
# No client address (%(h)s) and no user agent: the forum keeps neither,
# not even in its logs.
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'

# A private feed's address is all it takes to read a member's inbox
# (/inbox/feed/<token>.atom): whoever reads the log must not find it there.
FEED_TOKEN = re.compile(r"(/inbox/feed/)[^/?#\s]*?(\.atom)?(?=[/?#\s]|$)")


class AccessLog(Logger):
    """gunicorn's own logger, with a private feed's token left out of each request's path."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for path in ("U", "r"):  # the path alone, and the request line that holds it
            atoms[path] = FEED_TOKEN.sub(r"\1[hidden]\2", atoms[path] or "")
        return atoms


logger_class = AccessLog
