"""What every response carries: security headers, and whether a browser may keep it."""
from flask import Flask, request
from flask_login import current_user

# Everything comes from the forum itself; no inline script or style, no
# frames, no plugins, forms post only here. htmx lives with it through its
# meta-tag config (no inline indicator styles, no eval, self requests only).
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
))
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers older than CSP 2 (old Android)
    # An outbound link must not tell another site which topic a member was reading.
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
                          "interest-cohort=(), browsing-topics=()",
}

MEMBER_ONLY = "private, no-store"
# What a visitor's browser, or a cache on the way, may keep.
FOR_VISITORS = {
    # Pages revalidate: an unchanged page costs a 304. Private, because a
    # page may carry a session's form token.
    "text/html": "private, no-cache",
    # Public feeds are the same for everyone (forum.feeds renders them for a
    # visitor) and carry no token: caches may share them for a few minutes,
    # so that a hidden post is gone from them soon after.
    "application/atom+xml": "public, max-age=300",
}


def init_app(app: Flask) -> None:
    @app.after_request
    def response_headers(response):
        response.headers.update(SECURITY_HEADERS)
        if app.config["FORUM_HTTPS"]:
            response.headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
        # The same URL answers with a fragment or a full page.
        response.vary.add("HX-Request")
        if "Cache-Control" in response.headers:
            return response
        if current_user.is_authenticated:
            # A member's pages say which anonymous posts are theirs: on a
            # shared phone, nothing of them may stay in the browser after
            # logging out. (They pay for it with a full page on each visit.)
            # A public feed too: its answer renews the member's session
            # cookie, which no shared cache may keep.
            response.headers["Cache-Control"] = MEMBER_ONLY
        elif (request.method == "GET" and response.status_code == 200
              and response.mimetype in FOR_VISITORS):
            response.headers["Cache-Control"] = FOR_VISITORS[response.mimetype]
            # A visitor who once logged in still has a session cookie, renewed
            # by each answer: a cache keeps such answers apart from the rest.
            response.vary.add("Cookie")
            revalidated(response)
        return response


def revalidated(response):
    """An ETag for these bytes, and a 304 for a browser or feed reader that holds them already."""
    response.add_etag()
    return response.make_conditional(request)
