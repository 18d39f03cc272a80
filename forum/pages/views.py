"""Pages that are the same for everyone: help, health."""
from flask import Blueprint, render_template

bp = Blueprint("pages", __name__)


@bp.get("/help")
def help():
    return render_template("pages/help.html")


@bp.get("/healthz")
def healthz():
    return "ok\n", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
