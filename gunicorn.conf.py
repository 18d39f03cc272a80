"""gunicorn settings for `make run` and the documented VPS deployment."""
import os

bind = os.environ.get("FORUM_BIND", "127.0.0.1:8000")
# Two sync workers suit a 1-CPU, 512 MB VPS; raise with FORUM_WORKERS.
workers = int(os.environ.get("FORUM_WORKERS", "2"))
accesslog = "-"
# No client address (%(h)s) and no user agent: the forum keeps neither,
# not even in its logs.
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
