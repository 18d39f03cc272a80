"""What a viewer finds: the engine's matches among the posts forum.visibility
lets them find, filtered in the query before the limit, so that a page is
never short of what it could show, nor shows what it must not."""
from dataclasses import dataclass

from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

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
    # The ranking reached RANKED matches: older ones are found newest first.
    ranked_all: bool = True


def find(terms: Terms, page: int, per_page: int, board=None, newest: bool = False, held: bool = False,
         viewer=current_user) -> Results:
    """One page of the posts matching terms, best first (the newest first among
    equals), or newest first; "next" is known by asking for one row more."""
    match = engine().match(terms)
    rule = visibility.searchable(viewer, held)
    if board is not None:
        rule.append(Topic.board_id == board.id)
    matching = (
        select(Post.id.label("post_id"), match.score.label("score"))
        .select_from(match.source.join(Topic, Topic.id == Post.topic_id))
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
    shown = start + len(items)
    return Results(items=items, page=page, has_next=len(ids) > per_page,
                   ranked_all=newest or len(ids) > per_page or shown < RANKED)
