"""A forum served under a prefix (/forum/, SCRIPT_NAME) works there whole: pages, links and static files."""
import re

import pytest
from werkzeug.exceptions import NotFound
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.test import Client

ASSET = re.compile(r'<(?:link|script)\b[^>]*\b(?:href|src)="([^"]+)"')


@pytest.fixture
def under_prefix(app):
    """A client for the forum mounted at /forum, as a server would mount it beside other sites."""
    return Client(DispatcherMiddleware(NotFound(), {"/forum": app.wsgi_app}))


@pytest.mark.parametrize("path", ["/", "/b/alcohol", "/login", "/help"])
def test_every_static_file_of_a_page_is_served_under_the_prefix(under_prefix, path):
    page = under_prefix.get(f"/forum{path}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assets = ASSET.findall(html)
    assert len(assets) >= 3  # the stylesheet, htmx and forum.js
    for url in assets:
        assert url.startswith("/forum/"), url
        assert under_prefix.get(url).status_code == 200, url
    assert 'href="/forum/help"' in html  # as its links always were
