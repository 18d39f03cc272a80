"""Valid HTML: every page people use passes the W3C Nu HTML checker (vnu) with no errors."""
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import Forum, Members, add_meeting, submit

pytestmark = pytest.mark.browser

VNU = Path(__file__).resolve().parent.parent / ".venv" / "npm" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = shutil.which("java")
if not (VNU.exists() and JAVA):
    if os.environ.get("FORUM_REQUIRE_BROWSER"):
        raise RuntimeError("FORUM_REQUIRE_BROWSER is set but Java or the vnu checker is missing (make browser)")
    pytest.skip("needs Java and the vnu checker (make browser installs vnu-jar from npm)", allow_module_level=True)


def test_pages_have_no_html_errors(app, sign_in_as, tmp_path):
    member = app.test_client()
    Members(member).join("a-member")
    forum = Forum(member)
    topic_id = forum.start_topic(title="Checking the markup", body="**Bold**, a [link](https://example.org), a list:\n\n- one\n- two",
                                 support_now=True)
    forum.reply(topic_id, "> quoted\n\n`code`", anonymous=True)
    post_id = forum.post_ids(topic_id)[0]
    other = app.test_client()
    Members(other).join("other-member")
    submit(other, f"/p/{post_id}/report", {"reason": "crisis", "details": "worried"})
    Forum(other).reply(topic_id, "Same here.")  # something in a-member's inbox
    reply_id = forum.post_ids(topic_id)[1]
    submit(other, f"/p/{reply_id}/save")
    moderator = sign_in_as("a-moderator", "moderator")
    visitor = app.test_client()
    pages = {
        "home": (visitor, "/"), "board": (visitor, "/b/alcohol"), "topic": (visitor, f"/t/{topic_id}"),
        "login": (visitor, "/login"), "register": (visitor, "/register"), "help": (visitor, "/help"),
        "privacy": (visitor, "/privacy"), "log": (visitor, "/mod/log"), "not-found": (visitor, "/b/none"),
        "new-topic": (member, "/b/alcohol/new"), "account": (member, "/account"),
        "report": (other, f"/p/{post_id}/report"), "topic-as-member": (member, f"/t/{topic_id}"),
        "queue": (moderator, "/mod/reports"), "staff-log": (moderator, "/mod/log"),
        "edit": (member, f"/p/{post_id}/edit"), "delete": (member, f"/p/{post_id}/delete"),
        "inbox": (member, "/inbox"), "reply-to": (member, f"/t/{topic_id}?reply_to={post_id}"),
        "save": (member, f"/p/{reply_id}/save"), "saved": (other, "/saved"), "topic-as-saver": (other, f"/t/{topic_id}"),
    }
    pages["settings"] = (visitor, "/settings")
    meeting, proposal = add_meeting(moderator), add_meeting(member, name="Suggested by a member", mode="online")
    pages.update({"meetings": (visitor, "/meetings"), "meetings-none": (visitor, "/meetings?fellowship=sos"),
                  "meeting": (visitor, f"/meetings/{meeting}"), "meeting-as-member": (member, f"/meetings/{meeting}"),
                  "meeting-as-staff": (moderator, f"/meetings/{meeting}"), "new-meeting": (member, "/meetings/new"),
                  "edit-meeting": (moderator, f"/meetings/{meeting}/edit"), "proposal": (member, f"/meetings/{proposal}"),
                  "meetings-to-look-at": (moderator, "/mod/meetings")})
    pages.update({"search": (visitor, "/search"), "search-results": (visitor, "/search?q=checking+markup"),
                  "search-nothing": (visitor, "/search?q=unheardofword"),
                  "search-held": (moderator, "/search?q=markup&held=1&sort=new")})
    files = []
    for language in ("en", "es"):
        for name, (client, path) in pages.items():
            file = tmp_path / f"{name}-{language}.html"
            response = client.get(path, headers={"Accept-Language": language})
            assert f'<html lang="{language}">' in response.get_data(as_text=True), path
            file.write_bytes(response.data)
            files.append(str(file))
    result = subprocess.run([JAVA, "-jar", str(VNU), "--errors-only", "--format", "json", *files],
                            capture_output=True, text=True, timeout=120)
    errors = [f"{Path(m['url']).name}:{m.get('lastLine')}: {m['message']}"
              for m in json.loads(result.stderr or '{"messages": []}')["messages"]]
    print(f"vnu: {len(files)} pages, {len(errors)} errors")
    assert errors == []
