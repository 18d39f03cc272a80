"""What a viewer finds: the engine's matches among the posts forum.visibility
lets them find, filtered in the query before the limit, so that a page is
never short of what it could show, nor shows what it must not."""
from dataclasses import dataclass

from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.util import find_tables

from forum import visibility
from forum.extensions import db
from forum.models import Post, Topic
from forum.models.boards import load_badges
from forum.search.engines import engine
from forum.search.terms import Terms
from forum.services.inbox import Window

# Relevance is ranked among the newest this many matches, so that a word in
# half the forum costs what a rare one does; newest first reaches them all.
RANKED = 1000


@dataclass
class Results(Window):
    # False when matches older than the RANKED newest were left out of the
    # ranking (newest first finds them).
    ranked_all: bool = True


def find(terms: Terms, page: int, per_page: int, board=None, newest: bool = False, held: bool = False,
         viewer=current_user) -> Results:
    """One page of the posts matching terms, best first (the newest first among
    equals), or newest first; "next" is known by asking for one row more."""
    match = engine().match(terms)
    rule = visibility.searchable(viewer, held)
    if board is not None:
        rule.append(Topic.board_id == board.id)
    source = match.source
    if any(Topic.__table__ in find_tables(condition, check_columns=True) for condition in rule):
        source = source.join(Topic, Topic.id == Post.topic_id)  # only when a rule needs it: a lookup a match
    matching = (
        select(Post.id.label("post_id"), match.score.label("score"))
        .select_from(source)
        .where(match.condition, *rule)
        .order_by(match.newest)
    )
    start = (page - 1) * per_page
    if newest:
        ids_query = matching.offset(start).limit(per_page + 1)
    else:
        window = matching.limit(RANKED).subquery()
        ids_query = (select(window.c.post_id, window.c.score)
                     .order_by(window.c.score.desc(), window.c.post_id.desc()).offset(start).limit(per_page + 1))
    ids = [row.post_id for row in db.session.execute(ids_query)]
    posts = {post.id: post for post in db.session.scalars(
        select(Post).where(Post.id.in_(ids[:per_page]))
        .options(selectinload(Post.author), selectinload(Post.topic).selectinload(Topic.board))
    )}
    items = [posts[post_id] for post_id in ids[:per_page]]
    load_badges(items)
    has_next = len(ids) > per_page
    # Only the last page of a full window asks whether any match is older than the window.
    window_full = not (newest or has_next) and start + len(items) == RANKED
    left_out = window_full and db.session.execute(matching.offset(RANKED).limit(1)).first() is not None
    return Results(items=items, page=page, has_next=has_next, ranked_all=not left_out)
