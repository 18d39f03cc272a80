"""`make bench`: what a page costs a member, and what it costs the server.

Builds two demo forums (about 10,000 and 1,000,000 posts), serves each
with gunicorn (one sync worker), and measures home, board and topic
pages: compressed bytes on a first and a repeat visit, requests per
second and p50/p99 latency under wrk, the worker's resident memory, and
the slowdown from the small forum to the large one; and the inbox page of
a member with 10,000 entries against one with 10. A bare Flask app
(bench/baseline.py: one query, one small template) is measured the same
way in the same run, as the yardstick for throughput.

Search is measured on both forums for three queries (a word, two words, a
phrase), and, when PostgreSQL is installed, on the same two forums in a
PostgreSQL cluster kept in bench/.data/postgres/ (bench/postgres.py); the
search migration's own time on each forum's posts is measured once and kept.

Prints a table and writes the same figures to bench/results.json. Exits
non-zero when a budget from the design brief is missed.
"""
import gzip
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import brotli
from meetings import meetings
from postgres import Cluster, programs

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"
BIN = Path(sys.executable).parent
SIZES = {"small": (500, 10_000), "large": (50_000, 1_000_000)}
SEED = 1
DURATION = int(os.environ.get("BENCH_SECONDS", "10"))
PORT = 8765
BUDGET = {"page_kb": 14.0, "chrome_kb": 3.0, "throughput_share": 0.35, "slowdown": 1.5, "rss_mb": 80.0}

# The budget's topic: 20 posts of about 600 characters, written through the
# real posting code. Twenty distinct stretches of real English prose (a
# licence text every Debian machine has) compress as members' words do;
# the demo's recycled paragraphs would compress far better than real posts.
PROSE = Path("/usr/share/common-licenses/GPL-3")
FALLBACK_PARAGRAPHS = [
    "I've been sober for a little over three months now, and most days I feel steady. Evenings are still the "
    "hardest part: the hour after work used to be when I'd stop at the store, and my body still remembers.",
    "What has helped me most is having a plan before the evening starts. I text my sponsor on the drive home, "
    "I make dinner straight away, and I keep a list of three things to do instead if the craving gets loud.",
    "Some nights the list works and some nights I just sit with it and wait. It always passes, even when it "
    "feels like it won't. Reading this board at 2 a.m. has kept me company more times than I can count.",
]


def environment(database: Path | str) -> dict:
    """The forum's settings for a SQLite file (a Path) or a database URL (PostgreSQL's)."""
    url = f"sqlite:///{database}" if isinstance(database, Path) else database
    return {**os.environ, "FORUM_DATABASE_URL": url, "FORUM_SECRET_KEY": "bench",
            "FORUM_RATELIMIT_ENABLED": "false", "FLASK_APP": "wsgi"}


def build(size: str) -> tuple[Path, int]:
    """The demo forum for this size (kept between runs), and its budget topic's id."""
    topics, posts = SIZES[size]
    database = DATA / f"{size}-{topics}-{posts}-{SEED}-v2.sqlite3"
    marker = database.with_suffix(".topic")
    if not marker.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        for stale in DATA.glob(f"{size}-*"):
            stale.unlink()
        started = time.perf_counter()
        run_flask(database, "forum", "init")
        run_flask(database, "forum", "demo-data", "--topics", str(topics), "--posts", str(posts), "--seed", str(SEED))
        marker.write_text(str(add_budget_topic(database)))
        print(f"  built the {size} forum ({posts:,} posts) in {time.perf_counter() - started:.0f} s", flush=True)
    search_migration_seconds(database)  # before init, which would migrate an older forum untimed
    run_flask(database, "forum", "init")  # one kept from an older version gets the new migrations
    return database, int(marker.read_text())


def build_postgres(cluster: Cluster, size: str) -> tuple[str, int, float]:
    """The demo forum for this size in the PostgreSQL cluster (kept between runs):
    its URL, its budget topic's id, and the search migration's time on it."""
    topics, posts = SIZES[size]
    name = f"{size}_{topics}_{posts}_{SEED}_v2"
    url = cluster.url(name)
    marker = cluster.home / f"{name}.built"
    if not marker.exists():
        started = time.perf_counter()
        cluster.create_database(name)
        # Built before search, as a forum that upgrades is; then the migration is timed on its posts.
        run_flask(url, "db", "upgrade", BEFORE_SEARCH)
        run_flask(url, "forum", "demo-data", "--topics", str(topics), "--posts", str(posts), "--seed", str(SEED))
        topic_id = add_budget_topic(url)
        migration = timed_upgrade(url, SEARCH_REVISION)
        cluster.psql(name, "VACUUM ANALYZE")
        marker.write_text(json.dumps({"topic_id": topic_id, "search_migration_s": migration}))
        print(f"  built the {size} PostgreSQL forum ({posts:,} posts) in {time.perf_counter() - started:.0f} s",
              flush=True)
    run_flask(url, "forum", "init")
    built = json.loads(marker.read_text())
    return url, built["topic_id"], built["search_migration_s"]


def run_flask(database: Path | str, *args: str) -> None:
    subprocess.run([BIN / "flask", *args], env=environment(database), cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def timed_upgrade(database: Path | str, revision: str) -> float:
    """Seconds `flask db upgrade revision` takes, less the seconds the app takes to start."""
    script = (
        "import sys, time\n"
        "from flask_migrate import upgrade\n"
        "from forum import create_app\n"
        "from forum.extensions import migrations\n"
        "app = create_app()\n"
        "migrations(app)\n"
        "with app.app_context():\n"
        "    started = time.perf_counter()\n"
        "    upgrade(revision=sys.argv[1])\n"
        "    print(time.perf_counter() - started)\n"
    )
    result = subprocess.run([sys.executable, "-c", script, revision], env=environment(database), cwd=ROOT,
                            check=True, capture_output=True, text=True)
    return float(result.stdout.strip().splitlines()[-1])


# The search index's migration, and the one before it: its time on a forum's
# posts is measured (and kept) once for each forum.
SEARCH_REVISION, BEFORE_SEARCH = "6b8d0f2a4c35", "5a7c9e1f3b24"


def sqlite_revision(database: Path) -> str:
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]


def search_migration_seconds(database: Path) -> float:
    """The search migration's own time on this SQLite forum, measured once (kept beside it).

    A forum still at the revision before search is migrated for real, and
    timed; one already past it is copied, the copy taken back to that
    revision and migrated again, and the copy removed.
    """
    kept = database.with_suffix(".search-migration")
    if kept.exists():
        return float(kept.read_text())
    if sqlite_revision(database) == BEFORE_SEARCH:
        seconds = timed_upgrade(database, SEARCH_REVISION)
    else:
        copy = database.with_suffix(".migration-copy")
        shutil.copyfile(database, copy)
        try:
            run_flask(copy, "db", "downgrade", BEFORE_SEARCH)
            seconds = timed_upgrade(copy, SEARCH_REVISION)
        finally:
            copy.unlink()
    kept.write_text(f"{seconds:.2f}")
    return seconds


def budget_bodies() -> list[str]:
    if PROSE.exists():
        words = " ".join(PROSE.read_text().split())
        return [words[n * 600:(n + 1) * 600] for n in range(20)]
    return ["\n\n".join(FALLBACK_PARAGRAPHS[n % 3:] + FALLBACK_PARAGRAPHS[:n % 3])[:600] for n in range(20)]


def add_budget_topic(database: Path) -> int:
    script = (
        "import sys\n"
        "from forum import create_app\n"
        "from forum.extensions import db\n"
        "from forum.models import Board\n"
        "from forum.services import accounts, posting\n"
        "bodies = sys.argv[1:]\n"
        "app = create_app({'PASSWORD_HASH_METHOD': 'pbkdf2:sha256:1000'})\n"
        "with app.app_context():\n"
        "    writer, _ = accounts.register('bench-writer', 'a long bench password')\n"
        "    first = posting.create_topic(Board.by_slug('alcohol'), writer, 'Evenings are the hardest part', bodies[0], False)\n"
        "    for n, body in enumerate(bodies[1:], 1):\n"
        "        posting.create_reply(first.topic, writer, body, n % 4 == 0)\n"
        "    db.session.commit()\n"
        "    print(first.topic_id)\n"
    )
    result = subprocess.run([sys.executable, "-c", script, *budget_bodies()], env=environment(database),
                            cwd=ROOT, check=True, capture_output=True, text=True)
    return int(result.stdout.strip().splitlines()[-1])


class Server:
    """One gunicorn sync worker, as on a small VPS."""

    def __init__(self, app: str, env: dict, cwd: Path):
        self.process = subprocess.Popen(
            [BIN / "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{PORT}", app],
            env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
                return
            except urllib.error.HTTPError:
                return  # answering (the baseline has no /healthz)
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"{app} did not start")

    def worker_rss_mb(self) -> float:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        status = Path(f"/proc/{children[0]}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def fetch(path: str, **headers) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as answer:
        return answer.code, answer.read(), dict(answer.headers)


def load(path: str, cookie: str | None = None, language: str = "en") -> dict:
    """wrk against one page, in a language: requests per second, p50 and p99 in milliseconds."""
    extra = ["-H", f"Accept-Language: {language}"] + (["-H", f"Cookie: {cookie}"] if cookie else [])
    fetch(path, **{"Accept-Language": language, **({"Cookie": cookie} if cookie else {})})  # warm up
    output = subprocess.run(
        ["wrk", "-t1", "-c2", f"-d{DURATION}s", "--latency", "-H", "Accept-Encoding: br, gzip", *extra,
         f"http://127.0.0.1:{PORT}{path}"], capture_output=True, text=True, check=True,
    ).stdout
    if "Non-2xx" in output:
        raise RuntimeError(f"{path} answered errors under load:\n{output}")

    def latency(percent: str) -> float:
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)$", output, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return {"rps": rps, "p50_ms": latency("50"), "p99_ms": latency("99")}


def weigh(path: str, language: str = "en") -> dict:
    """Bytes a member pays: brotli as browsers ask for it, gzip for older ones."""
    status, br_html, headers = fetch(path, **{"Accept-Encoding": "br", "Accept-Language": language})
    assert status == 200, f"{path} answered {status}"
    assert headers.get("Content-Encoding") == "br", headers
    html = brotli.decompress(br_html).decode()
    assert f'<html lang="{language}">' in html, f"{path} is not in {language}"
    _, gz_html, _ = fetch(path, **{"Accept-Encoding": "gzip", "Accept-Language": language})
    assets = {}
    for url in re.findall(r'(?:href|src)="(/static/[^"]+)"', html):
        _, body, asset_headers = fetch(url, **{"Accept-Encoding": "br"})
        assert "immutable" in asset_headers["Cache-Control"], url
        assets[url] = len(body)
    css = sum(size for url, size in assets.items() if url.endswith(".css"))
    js = sum(size for url, size in assets.items() if url.endswith(".js"))
    # Chrome: everything but the posts' own words.
    chrome = re.sub(r'(<div class="body">).*?(</div>)', r"\1\2", html, flags=re.S)
    chrome = re.sub(r'(<p class="excerpt">).*?(</p>)', r"\1\2", chrome, flags=re.S) if "/search?" in path else chrome
    status, _, _ = fetch(path, **{"Accept-Encoding": "br", "Accept-Language": language, "If-None-Match": headers["ETag"]})
    return {
        "html_br": len(br_html), "html_gzip": len(gz_html), "html_raw": len(html.encode()),
        "css_br": css, "js_br": js, "first_visit_br": len(br_html) + css,
        "chrome_br": len(brotli.compress(chrome.encode(), quality=5)),
        "chrome_gzip": len(gzip.compress(chrome.encode(), 6)),
        "repeat_visit_status": status, "repeat_visit_requests": 1,
        "results_shown": html.count('<p class="excerpt">') if "/search?" in path else None,
    }


# The pages every budget holds for; "topic es" is the topic page in Spanish.
BUDGET_PAGES = ("home", "board", "topic", "topic es")

# Search, as a member types it into the header's box (relevance first, the
# default), for words of the demo's corpus (forum/services/demo.py): a
# common word, two words that meet in some posts, and a phrase.
SEARCHES = {"search 1 word": "sponsor", "search 2 words": "cravings work", "search phrase": '"one day at a time"'}
SEARCH_P99_MS = 50.0


def search_pages() -> dict[str, tuple[str, str]]:
    return {name: ("/search?" + urllib.parse.urlencode({"q": query}), "en") for name, query in SEARCHES.items()}


# Two members of the small forum: the inbox page must cost a member with
# ten thousand entries about what it costs one with ten.
# /meetings with this many meetings listed (made up by bench/meetings.py), in both languages.
MEETINGS_LISTED = 200
MEETING_PAGES = ("meetings 200", "meetings 200 es")


def add_meetings(database: Path) -> None:
    """The bench's meetings, imported as an admin would (again each run: an import changes nothing twice)."""
    listing = DATA / f"meetings-{MEETINGS_LISTED}.json"
    listing.write_text(json.dumps(meetings(MEETINGS_LISTED)))
    run_flask(database, "forum", "meetings", "import", str(listing))


INBOX_MEMBERS = {"inbox 10": ("bench-ten", 10), "inbox 10000": ("bench-many", 10_000)}


def add_inbox_members(database: Path) -> dict[str, str]:
    """{page name: session cookie} for the inbox members, made with their entries on the first run.

    The entries point at the demo's replies, most of them unread, so the
    header's count is at its cap for the member with many.
    """
    script = (
        "import sys\n"
        "from sqlalchemy import func, insert, select\n"
        "from forum import create_app\n"
        "from forum.extensions import db\n"
        "from forum.models import InboxEntry, Post, User\n"
        "from forum.models.base import utcnow\n"
        "from forum.services import accounts\n"
        "app = create_app({'PASSWORD_HASH_METHOD': 'pbkdf2:sha256:1000', 'WTF_CSRF_ENABLED': False})\n"
        "with app.app_context():\n"
        "    for handle, count in zip(sys.argv[1::2], map(int, sys.argv[2::2])):\n"
        "        if User.by_handle(handle) is None:\n"
        "            member, _ = accounts.register(handle, 'a long bench password')\n"
        "            db.session.flush()\n"
        "            posts = select(Post.id, Post.topic_id).where(Post.is_public).order_by(Post.id).limit(count)\n"
        "            db.session.execute(insert(InboxEntry), [\n"
        "                {'user_id': member.id, 'kind': 'reply', 'post_id': post_id, 'topic_id': topic_id,\n"
        "                 'created_at': utcnow(), 'read_at': utcnow() if n % 10 == 0 else None}\n"
        "                for n, (post_id, topic_id) in enumerate(db.session.execute(posts))])\n"
        "            db.session.commit()\n"
        "        client = app.test_client()\n"
        "        client.post('/login', data={'handle': handle, 'password': 'a long bench password'})\n"
        "        print(handle, client.get_cookie('session').value)\n"
    )
    arguments = [str(part) for handle, count in INBOX_MEMBERS.values() for part in (handle, count)]
    result = subprocess.run([sys.executable, "-c", script, *arguments], env=environment(database),
                            cwd=ROOT, check=True, capture_output=True, text=True)
    cookies = dict(line.split(" ", 1) for line in result.stdout.strip().splitlines()[-len(INBOX_MEMBERS):])
    return {name: f"session={cookies[handle]}" for name, (handle, _) in INBOX_MEMBERS.items()}


def weigh_member_page(path: str, cookie: str) -> dict:
    """A member's page: never cached (private, no-store), so every visit is a first visit."""
    status, br_html, headers = fetch(path, **{"Accept-Encoding": "br", "Cookie": cookie})
    assert status == 200 and headers.get("Content-Encoding") == "br", (path, status, headers)
    html = brotli.decompress(br_html).decode()
    assert "Log out" in html, f"{path} was not served to a logged-in member"
    css = sum(len(fetch(url, **{"Accept-Encoding": "br"})[1])
              for url in re.findall(r'href="(/static/[^"]+\.css)"', html))
    return {"html_br": len(br_html), "first_visit_br": len(br_html) + css, "entries": html.count('<p class="excerpt">')}


def measure_pages(pages: dict[str, tuple[str, str]]) -> dict:
    """Bytes and speed of each page ({name: (path, language)}) on the server now running."""
    return {name: {"path": path, "language": language, **weigh(path, language), **load(path, language=language)}
            for name, (path, language) in pages.items()}


def measure_forum(size: str) -> dict:
    database, topic_id = build(size)
    # The budget holds in Spanish too: its words are longer.
    pages = {"home": ("/", "en"), "board": ("/b/alcohol", "en"), "topic": (f"/t/{topic_id}", "en"),
             "topic es": (f"/t/{topic_id}", "es")}
    if size == "large":
        pages["board page 500"] = ("/b/alcohol?page=500", "en")
    pages.update(search_pages())
    members = add_inbox_members(database) if size == "small" else {}
    if size == "small":
        add_meetings(database)
        pages.update({"meetings 200": ("/meetings", "en"), "meetings 200 es": ("/meetings", "es")})
    migration = search_migration_seconds(database)
    server = Server("wsgi:app", environment(database), ROOT)
    try:
        results = measure_pages(pages)
        for name, cookie in members.items():
            results[name] = {"path": "/inbox", **weigh_member_page("/inbox", cookie), **load("/inbox", cookie)}
        results["worker_rss_mb"] = server.worker_rss_mb()
    finally:
        server.stop()
    results["search_migration_s"] = migration
    return results, database, topic_id


def measure_postgres(cluster: Cluster, size: str) -> dict:
    """The search pages of the demo forum of this size on PostgreSQL, served as on SQLite."""
    url, _, migration = build_postgres(cluster, size)
    server = Server("wsgi:app", environment(url), ROOT)
    try:
        results = measure_pages(search_pages())
        results["worker_rss_mb"] = server.worker_rss_mb()
    finally:
        server.stop()
    results["search_migration_s"] = migration
    return results


def measure_baseline(database: Path, topic_id: int) -> dict:
    env = {**os.environ, "BASELINE_DATABASE": str(database)}
    server = Server("baseline:app", env, ROOT / "bench")
    try:
        return load(f"/t/{topic_id}")
    finally:
        server.stop()


def measure_all_postgres() -> dict | None:
    """The search pages on PostgreSQL, for both sizes: None when PostgreSQL is not installed."""
    if programs() is None:
        print("  PostgreSQL is not installed: its search rows are left out", flush=True)
        return None
    cluster = Cluster(DATA)
    cluster.start()
    try:
        return {"version": cluster.version(), "small": measure_postgres(cluster, "small"),
                "large": measure_postgres(cluster, "large")}
    finally:
        cluster.stop()


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> int:
    print(f"Porchlight benchmark: one gunicorn sync worker, wrk for {DURATION} s a page", flush=True)
    print(f"  load average before (1, 5, 15 min): {load_average()} on {os.cpu_count()} cores", flush=True)
    small, small_db, topic_id = measure_forum("small")
    large, _, _ = measure_forum("large")
    baseline = measure_baseline(small_db, topic_id)
    postgres = measure_all_postgres()
    share = small["topic"]["rps"] / baseline["rps"]
    rss = max(small["worker_rss_mb"], large["worker_rss_mb"])
    slowdown = {page: large[page]["p50_ms"] / small[page]["p50_ms"] for page in BUDGET_PAGES}
    search_slowdown = {page: large[page]["p50_ms"] / small[page]["p50_ms"] for page in SEARCHES}
    inbox_slowdown = small["inbox 10000"]["p50_ms"] / small["inbox 10"]["p50_ms"]

    def row(name: str, r: dict, note: str = "") -> None:
        print(f"{name:<19}{r['html_br']:>9}{r['first_visit_br']:>7}{r['chrome_br']:>8}{r['js_br']:>7}"
              f"{r['repeat_visit_status']:>8}{r['rps']:>9.0f}{r['p50_ms']:>8.2f}{r['p99_ms']:>8.2f}{note}")

    print()
    print(f"{'page':<19}{'html br':>9}{'+css':>7}{'chrome':>8}{'js':>7}{'repeat':>8}"
          f"{'req/s':>9}{'p50 ms':>8}{'p99 ms':>8}  (small forum | large forum)")
    for page in (*BUDGET_PAGES, "board page 500"):
        for label, results in (("small", small), ("large", large)):
            if page in results:
                row(f"{page} {label[0]}", results[page])
    engines = [("", small, large)] + ([(" pg", postgres["small"], postgres["large"])] if postgres else [])
    for suffix, on_small, on_large in engines:
        for page in SEARCHES:
            for label, results in (("s", on_small), ("l", on_large)):
                row(f"{page} {label}{suffix}", results[page], f"  ({results[page]['results_shown']} shown)")
    for page in MEETING_PAGES:
        row(page, small[page])
    for page in INBOX_MEMBERS:
        r = small[page]
        print(f"{page:<19}{r['html_br']:>9}{r['first_visit_br']:>7}{'':>23}{r['rps']:>9.0f}{r['p50_ms']:>8.2f}"
              f"{r['p99_ms']:>8.2f}  ({r['entries']} entries shown)")
    print(f"{'bare Flask':<19}{'':>39}{baseline['rps']:>9.0f}{baseline['p50_ms']:>8.2f}{baseline['p99_ms']:>8.2f}")
    print()
    print("bytes are compressed (brotli); '+css' is a first visit (HTML + CSS); js (htmx) is deferred and")
    print("optional; 'repeat' is the HTML's status on a repeat visit, static files coming from the cache.")
    print("search: " + ", ".join(f"{name[7:]} = q={query}" for name, query in SEARCHES.items())
          + "; relevance first; 'pg' rows on PostgreSQL" + (f" {postgres['version']}" if postgres else ""))
    print()
    migrations = {"sqlite": {size: forum["search_migration_s"] for size, forum in (("small", small), ("large", large))}}
    if postgres:
        migrations["postgresql"] = {size: postgres[size]["search_migration_s"] for size in ("small", "large")}
    for dialect, timings in migrations.items():
        print(f"search migration on {dialect}: " + ", ".join(
            f"{seconds:.2f} s at {SIZES[size][1]:,} posts" for size, seconds in timings.items()))

    # (name, value, limit, unit, how the value must compare with the limit)
    checks = [
        ("topic (en, es), board, home page + CSS <= 14 KB (first visit)",
         max(r[p]["first_visit_br"] for r in (small, large) for p in BUDGET_PAGES) / 1024,
         BUDGET["page_kb"], "KB", "<="),
        ("page chrome <= 3 KB", max(r[p]["chrome_br"] for r in (small, large) for p in BUDGET_PAGES) / 1024,
         BUDGET["chrome_kb"], "KB", "<="),
        ("topic throughput >= 35% of bare Flask", share, BUDGET["throughput_share"], "x", ">="),
        ("large/small p50 <= 1.5x (worst page)", max(slowdown.values()), BUDGET["slowdown"], "x", "<="),
        ("worker resident memory < 80 MB", rss, BUDGET["rss_mb"], "MB", "<="),
        ("inbox of 30 entries + CSS <= 14 KB (every visit)",
         max(small[page]["first_visit_br"] for page in INBOX_MEMBERS) / 1024, BUDGET["page_kb"], "KB", "<="),
        ("inbox p50, 10,000 entries / 10 entries <= 1.5x", inbox_slowdown, BUDGET["slowdown"], "x", "<="),
        ("search results page + CSS <= 14 KB (first visit, every query)",
         max(r[p]["first_visit_br"] for r in (small, large) for p in SEARCHES) / 1024, BUDGET["page_kb"], "KB", "<="),
        (f"meetings page ({MEETINGS_LISTED} listed, en, es) + CSS <= 14 KB (first visit)",
         max(small[page]["first_visit_br"] for page in MEETING_PAGES) / 1024, BUDGET["page_kb"], "KB", "<="),
        ("search p99 < 50 ms at 1,000,000 posts (worst query)",
         max(large[p]["p99_ms"] for p in SEARCHES), SEARCH_P99_MS, "ms", "<"),
        ("search large/small p50 <= 1.5x (worst query)", max(search_slowdown.values()), BUDGET["slowdown"], "x", "<="),
    ]
    if postgres:
        checks.append(("search p99 < 50 ms at 1,000,000 posts on PostgreSQL (worst query)",
                       max(postgres["large"][p]["p99_ms"] for p in SEARCHES), SEARCH_P99_MS, "ms", "<"))
    print()
    failed = False
    for name, value, limit, unit, compare in checks:
        ok = {"<=": value <= limit, "<": value < limit, ">=": value >= limit}[compare]
        failed |= not ok
        print(f"{'ok  ' if ok else 'MISS'} {name}: {value:.2f} {unit}")
    repeat_ok = all(r[p]["repeat_visit_status"] == 304 for r in (small, large) for p in BUDGET_PAGES)
    failed |= not repeat_ok
    print(f"{'ok  ' if repeat_ok else 'MISS'} repeat visit fetches only the HTML, answered 304 when unchanged")
    if postgres:
        pg_slowdown = max(postgres["large"][p]["p50_ms"] / postgres["small"][p]["p50_ms"] for p in SEARCHES)
        print(f"info search large/small p50 on PostgreSQL (worst query): {pg_slowdown:.2f} x")
    print(f"  load average after (1, 5, 15 min): {load_average()}")

    results = {"small": small, "large": large, "baseline": baseline, "topic_share_of_baseline": share,
               "slowdown_large_over_small_p50": slowdown,
               "inbox_slowdown_10000_over_10_entries_p50": inbox_slowdown, "worker_rss_mb": rss, "seconds_per_page": DURATION,
               "search_queries": SEARCHES, "search_slowdown_large_over_small_p50": search_slowdown,
               "search_migration_s": migrations, "postgresql": postgres}
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2))
    print("\nwritten to bench/results.json")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
