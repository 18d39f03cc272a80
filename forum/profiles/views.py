"""Members' public profiles: only what they posted under their own name."""
from flask import Blueprint, abort, render_template

from forum import visibility
from forum.models import User

bp = Blueprint("profiles", __name__)


@bp.get("/u/<handle>")
def profile(handle: str):
    member = User.by_handle(handle) or abort(404)
    return render_template(
        "profiles/profile.html",
        member=member,
        post_count=visibility.public_post_count_by(member),
        posts=visibility.public_posts_by(member),
    )
