"""Static files under content-hashed names, compressed once, cached for a year.

A page names `style.3f2a9c1b0d.css`; when the file changes, so does its
name, so browsers can keep every version forever and a repeat visit
fetches only the page. Each file is read, hashed and compressed (brotli
and gzip) once at start-up: the whole set is a few tens of kilobytes.
"""
import gzip
import hashlib
import mimetypes
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import brotli
from flask import Blueprint, abort, current_app, request, url_for

from forum.compression import ENCODINGS, preferred_encoding

bp = Blueprint("assets", __name__)

IMMUTABLE = "public, max-age=31536000, immutable"


@dataclass(frozen=True)
class Asset:
    name: str           # style.css
    hashed_name: str    # style.3f2a9c1b0d.css
    mimetype: str       # with its charset, as sent
    encodings: dict     # "br" / "gzip" / "identity" -> bytes
    etag: str


def _load(path: Path) -> Asset:
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()[:10]
    stem, dot, suffix = path.name.rpartition(".")
    mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if mimetype.startswith("text/") or mimetype.endswith("javascript"):
        mimetype += "; charset=utf-8"
    return Asset(path.name, f"{stem}.{digest}{dot}{suffix}", mimetype, _encodings(data), digest)


@cache
def _encodings(data: bytes) -> dict:
    """The file as sent for each encoding. Brotli at its best takes a tenth of a
    second for the set: an app built again in the same process (the tests
    build one per test) reuses the work for unchanged files."""
    encodings = {"identity": data}
    for name, compressed in (("br", brotli.compress(data, quality=11)), ("gzip", gzip.compress(data, 9, mtime=0))):
        if len(compressed) < len(data):
            encodings[name] = compressed
    return encodings


class Assets:
    def __init__(self, folder: Path):
        loaded = [_load(path) for path in sorted(folder.iterdir()) if path.is_file()]
        self.by_name = {asset.name: asset for asset in loaded}
        self.by_hashed_name = {asset.hashed_name: asset for asset in loaded}

    def url(self, name: str) -> str:
        # Through url_for, so that a forum served under a prefix (SCRIPT_NAME)
        # names its files there as it names its pages.
        return url_for("assets.serve", name=self.by_name[name].hashed_name)


@bp.get("/static/<name>")
def serve(name: str):
    assets: Assets = current_app.extensions["assets"]
    asset = assets.by_hashed_name.get(name)
    cache_control = IMMUTABLE
    if asset is None:
        # The plain name still works (an old page, a hand-typed link), but
        # must be checked again each time since its content can change.
        asset = assets.by_name.get(name) or abort(404)
        cache_control = "no-cache"
    encoding = preferred_encoding(name for name in ENCODINGS if name in asset.encodings)
    response = current_app.response_class(asset.encodings[encoding], content_type=asset.mimetype)
    if encoding != "identity":
        response.headers["Content-Encoding"] = encoding
    response.headers["Cache-Control"] = cache_control
    response.vary.add("Accept-Encoding")
    response.set_etag(f"{asset.etag}-{encoding}")
    return response.make_conditional(request)


def init_app(app) -> None:
    assets = Assets(Path(app.root_path).parent / "static")
    app.extensions["assets"] = assets
    app.jinja_env.globals["asset_url"] = assets.url
    app.register_blueprint(bp)
