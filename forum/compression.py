"""Which encoding a browser gets, and pages compressed in it.

Static files are compressed once, at start-up (forum.assets); pages and
feeds, per response, here. Both ask preferred_encoding, which honours q=0 (RFC 9110
12.5.3): "br;q=0, gzip" gets gzip, "gzip;q=0" alone gets the bytes as
they are, and "*, br;q=0" never gets brotli.
"""
import gzip

import brotli
from flask import Flask, request

# Brotli first: smaller than gzip for the same page, and every browser
# members use that sends Accept-Encoding takes gzip as well.
PAGE_COMPRESSORS = {
    # Level 4: nearly all of brotli's saving at a fraction of its top cost.
    "br": lambda data: brotli.compress(data, quality=4),
    "gzip": lambda data: gzip.compress(data, 6, mtime=0),
}
ENCODINGS = tuple(PAGE_COMPRESSORS)
# Pages and feeds: text made per request (static files are done at start-up).
COMPRESSED_TYPES = frozenset({"text/html", "application/atom+xml"})
# Below this a page gains less than the header that says it was compressed.
MIN_SIZE = 500


def preferred_encoding(offered) -> str:
    """Of the encodings offered, the one this request's browser likes best, else "identity".

    Anything the browser gave q=0 is never chosen; "identity" competes too,
    so "identity, gzip;q=0.5" gets the bytes as they are.
    """
    return request.accept_encodings.best_match((*offered, "identity"), default="identity")


def compress_page(response):
    """A successful page or feed, compressed in the browser's preferred encoding."""
    response.vary.add("Accept-Encoding")
    if (
        response.mimetype not in COMPRESSED_TYPES
        or not 200 <= response.status_code < 300
        or response.is_streamed
        or "Content-Encoding" in response.headers
    ):
        return response
    encoding = preferred_encoding(ENCODINGS)
    data = response.get_data()
    if encoding == "identity" or len(data) < MIN_SIZE:
        return response
    response.set_data(PAGE_COMPRESSORS[encoding](data))
    response.headers["Content-Encoding"] = encoding
    etag, weak = response.get_etag()
    if etag and not weak:
        # Other bytes, so another validator; a browser holding this one gets a 304.
        response.set_etag(f"{etag}:{encoding}")
        response.make_conditional(request)
    return response


def init_app(app: Flask) -> None:
    # Registered before the forum's other response hooks so that it runs
    # after them, compressing what they have finished (ETags, cache headers).
    app.after_request(compress_page)
