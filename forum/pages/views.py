"""Pages that are the same for everyone: help, privacy, health, the favicon."""
from flask import Blueprint, render_template

bp = Blueprint("pages", __name__)


@bp.get("/help")
def help_page():
    return render_template("pages/help.html")


@bp.get("/privacy")
def privacy():
    return render_template("pages/privacy.html")


@bp.get("/favicon.ico")
def favicon():
    # Browsers ask for it on every visit; an empty answer, cached for a year,
    # costs less than a 404 page. The chrome carries no images.
    return "", 204, {"Cache-Control": "public, max-age=31536000, immutable"}


@bp.get("/healthz")
def healthz():
    return "ok\n", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
