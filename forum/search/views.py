"""/search: the posts a reader may read that hold the words they typed."""
from flask import Blueprint, abort, current_app, render_template, request
from flask_login import current_user

from forum.limits import by_client, honest_wait, limiter
from forum.models import Board
from forum.permissions import is_staff
from forum.rendering import is_htmx
from forum.routing import page_arg, page_or_404
from forum.search import finding
from forum.search.forms import SearchForm
from forum.search.terms import MAX_LENGTH, MAX_WORDS, parse
from forum.wording import number

bp = Blueprint("search", __name__)


@bp.record_once
def _box_size(state) -> None:
    # Every page's header has the search box; this page has a fuller one.
    state.app.jinja_env.globals["search_max_length"] = MAX_LENGTH


def _asked() -> SearchForm:
    return SearchForm.from_args(request.args, may_search_held=is_staff(current_user))


def search_page(form: SearchForm, status: int = 200, **context):
    """The search page, or for htmx its results alone."""
    template = "_partials/search_results.html" if is_htmx() else "search/index.html"
    return render_template(template, form=form, boards=Board.all_in_order(), max_words=MAX_WORDS,
                           ranked=number(finding.RANKED), **context), status


def _search_again(limit):
    """Searching is paused: the search page comes back with the query in its box, and the wait."""
    seconds, wait = honest_wait(limit)
    page, status = search_page(_asked(), 429, wait=wait)
    return current_app.make_response((page, status, {"Retry-After": str(seconds)}))


# A search is cheap to send and costly to answer, so searches are counted per
# client, though reading is not; the search page without words costs nothing.
searching_limit = limiter.limit("30 per minute; 300 per hour", key_func=by_client, methods=["GET"],
                                exempt_when=lambda: not request.args.get("q", "").strip(), on_breach=_search_again)


@bp.get("/search")
@searching_limit
def index():
    form = _asked()
    board = None
    if form.b and (board := Board.by_slug(form.b)) is None:
        abort(404)
    terms = parse(form.q)
    results = None
    if terms:
        results = page_or_404(finding.find(terms, page_arg(), current_app.config["SEARCH_RESULTS_PER_PAGE"], board,
                                           newest=form.newest, held=form.held))
    return search_page(form, terms=terms, results=results)
