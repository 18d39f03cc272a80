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
    # An outbound link must not tell another site which topic a member was reading.
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
                          "interest-cohort=(), browsing-topics=()",
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
            response.headers["Cache-Control"] = "private, no-store"
        elif request.method == "GET" and response.status_code == 200 and response.mimetype == "text/html":
            # Everyone else revalidates: an unchanged page costs a 304.
            # Private, because a page may carry a session's form token.
            response.headers["Cache-Control"] = "private, no-cache"
            response.add_etag()
            response.make_conditional(request)
        return response
