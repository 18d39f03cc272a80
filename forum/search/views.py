"""/search: the posts a reader may read that hold the words they typed."""
from flask import Blueprint, abort, current_app, render_template, request

from forum.limits import searching_limit
from forum.models import Board
from forum.rendering import is_htmx
from forum.routing import page_arg, page_or_404
from forum.search import finding
from forum.search.forms import SearchForm
from forum.search.terms import MAX_LENGTH, MAX_WORDS, parse
from forum.wording import number

bp = Blueprint("search", __name__)


def search_page(form: SearchForm, status: int = 200, **context):
    """The search page, or for htmx its results alone."""
    template = "_partials/search_results.html" if is_htmx() else "search/index.html"
    return render_template(template, form=form, boards=Board.all_in_order(), max_length=MAX_LENGTH,
                           max_words=MAX_WORDS, ranked=number(finding.RANKED), **context), status


@bp.get("/search")
@searching_limit
def index():
    form = SearchForm.from_args(request.args)
    board = None
    if form.b and (board := Board.by_slug(form.b)) is None:
        abort(404)
    terms = parse(form.q)
    results = None
    if terms:
        results = page_or_404(finding.find(terms, page_arg(), current_app.config["SEARCH_RESULTS_PER_PAGE"], board,
                                           newest=form.newest, held=form.held))
    return search_page(form, terms=terms, results=results)
