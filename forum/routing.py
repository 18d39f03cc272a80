"""URL rules every blueprint shares: ids, page numbers, where a link may lead."""
from flask import Flask, abort, request
from werkzeug.routing import BaseConverter, ValidationError

MAX_PAGE = 100_000
MAX_ID = 2**31 - 1


class IdConverter(BaseConverter):
    """Database ids: digits only, within PostgreSQL's INTEGER range (a larger
    number there is an error, not a miss), so anything else is a plain 404."""

    regex = r"\d{1,10}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValidationError()
        return number

    def to_url(self, value) -> str:
        return str(value)


def page_arg(args=None) -> int:
    """The ?page= number (of this request, or of these query args), forgiving of anything a person could type."""
    page = (request.args if args is None else args).get("page", 1, type=int)
    return min(max(page, 1), MAX_PAGE)


def id_or_none(value) -> int | None:
    """An id sent in a query string or a form field: digits within MAX_ID, or
    None, so that a mangled one is ignored rather than an error."""
    value = str(value) if value is not None else ""
    if not (value.isascii() and value.isdigit() and len(value) <= 10):
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


def page_or_404(pagination):
    """A page past the last is a 404; page 1 of an empty list is an empty state."""
    if pagination.page > 1 and not pagination.items:
        abort(404)
    return pagination


def safe_next(target: str | None, fallback: str) -> str:
    """Only local paths: a login link must not bounce a member to another site."""
    if (
        not target
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
        or any(ord(c) < 32 or ord(c) == 127 for c in target)  # no header splitting
    ):
        return fallback
    return target


def init_app(app: Flask) -> None:
    app.url_map.converters["id"] = IdConverter
