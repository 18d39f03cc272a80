"""Search, through /search, on SQLite and on PostgreSQL: the same stories on both engines.

Every test here runs twice: on an SQLite file (FTS5) and on a PostgreSQL
database (a tsvector), each built by the real migrations.
"""
import os
import re
from functools import partial

import pytest
from sqlalchemy import select, text

from forum.extensions import db
from forum.models import Post
from forum.search import terms
from tests import helpers
from tests.helpers import PASSWORD, Forum, Members, app_on, submit

RESULT = re.compile(r'<li><bdi><a href="/p/(\d+)">')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine_app(request):
    return request.getfixturevalue("app" if request.param == "sqlite" else "pg_app")


@pytest.fixture
def sign_in_as(engine_app):
    return partial(helpers.sign_in_as, engine_app)


@pytest.fixture
def writer(engine_app):
    client = engine_app.test_client()
    Members(client).join("lantern-keeper")
    return Forum(client)


def results_page(client, query, **args):
    response = client.get("/search", query_string={"q": query, **args})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def found(client, query, **args) -> list[int]:
    """The posts a search lists, in its order."""
    return [int(post_id) for post_id in RESULT.findall(results_page(client, query, **args))]


def opening(forum, topic_id) -> int:
    return forum.post_ids(topic_id)[0]


def test_words_are_found_whatever_their_case_and_accents(engine_app, writer):
    topic = writer.start_topic(title="Una recaída después de noventa días", body="Tuve una RECAÍDA anoche. Mañana empiezo otra vez.")
    other = writer.start_topic(title="Sleep", body="Sleep is still terrible.")
    reader = engine_app.test_client()
    first = opening(writer, topic)
    assert found(reader, "recaida") == [first]
    assert found(reader, "Recaída") == [first]
    assert found(reader, "MANANA") == [first]
    assert found(reader, "despues noventa") == [first]  # words of the title find its opening post
    assert found(reader, "sleep") == [opening(writer, other)]


WORDS_OF_EVERY_KIND = [
    # (what a post says, what a search types) — each finds the post on both engines.
    ("한국어 모임이 있어요", "한국어"),
    ("Йогурт и чай по утрам", "йогурт"),
    ("Καλημέρα σε όλους", "ΚΑΛΗΜΈΡΑ"),
    ("Una recai\u0301da anoche", "recaída"),  # decomposed in the post, composed in the box
    ("Una recaída anoche", "recai\u0301da"),  # and the other way round
    ("Día recaída2 en la lista", "recaida2"),
    ("See findtreatment.gov for a meeting", "findtreatment"),
    ("Took 3.5mg last night", "5mg"),
    ("We talked about self-harm today", '"about self harm"'),
    ("Write to me at help@example.org", "example"),
    ("İstanbul'da bir grup", "istanbul"),
]


@pytest.mark.parametrize(("body", "query"), WORDS_OF_EVERY_KIND)
def test_words_of_every_script_and_shape_are_found(engine_app, writer, body, query):
    topic = writer.start_topic(title="Words", body=body)
    assert found(engine_app.test_client(), query) == [opening(writer, topic)]


def test_a_word_finds_the_longer_words_it_starts_in_english_and_spanish(engine_app, writer):
    english = writer.start_topic(title="Day 40", body="I relapsed on Friday and I'm back today.")
    spanish = writer.start_topic(title="Día 12", body="Dos recaídas este mes, pero sigo aquí.")
    reader = engine_app.test_client()
    assert found(reader, "relapse") == [opening(writer, english)]
    assert found(reader, "recaida") == [opening(writer, spanish)]
    # Words under three letters are matched whole: "da" is not every word starting with "da".
    assert found(reader, "da") == []


def test_quoted_words_are_found_together_and_in_order(engine_app, writer):
    together = writer.start_topic(title="Evenings", body="The cravings after work are the worst part.")
    apart = writer.start_topic(title="Mornings", body="Work is fine. After that, the cravings.")
    reader = engine_app.test_client()
    assert set(found(reader, "after work")) == {opening(writer, together), opening(writer, apart)}
    assert found(reader, '"after work"') == [opening(writer, together)]
    page = results_page(reader, '"after work"')
    assert "<mark>after</mark> <mark>work</mark>" in page


def test_a_minus_leaves_out_posts_with_that_word(engine_app, writer):
    meeting = writer.start_topic(title="Cravings", body="The cravings pass after a meeting.")
    walk = writer.start_topic(title="Cravings", body="The cravings pass after a long walk.")
    reader = engine_app.test_client()
    assert found(reader, "cravings -meeting") == [opening(writer, walk)]
    assert found(reader, 'cravings -"long walk"') == [opening(writer, meeting)]
    only_left_out = results_page(reader, "-meeting")
    assert "There is nothing to look for in that" in only_left_out and 'value="-meeting"' in only_left_out


# Query syntax of FTS5, tsquery and SQL, typed into the box. Each is searched
# for its words: those whose words are all in the post find it.
FINDS = [
    '"naloxone', 'naloxone"', 'naloxone AND', 'AND naloxone', 'naloxone OR', 'naloxone NOT', 'NEAR(naloxone',
    'NEAR(naloxone kit)', 'naloxone*', '*naloxone', '(naloxone', 'naloxone)', '((naloxone', 'naloxone:*',
    'car:naloxone', 'naloxone^', '^naloxone', '+naloxone', 'naloxone & !',
    'naloxone <-> kit', 'naloxone | car', "naloxone' OR 'car", 'naloxone\\',
    '"naloxone""', '- naloxone', 'naloxone -', 'naloxone\x00', 'naloxone\u202e', 'kit:naloxone',
]
FINDS_NOTHING = ['-"', '""', '"', '-', '*', '()', 'NEAR(naloxone, 5)', "naloxone' OR '1'='1", '-naloxone',
                 'naloxone -kit', '"kit naloxone"', 'naloxone AND 7', 'naloxone; DROP TABLE posts; --', '{title body}: naloxone', "naloxone's"]


@pytest.mark.parametrize("query", FINDS + FINDS_NOTHING)
def test_query_syntax_a_member_types_is_only_words(engine_app, writer, query):
    topic = writer.start_topic(title="Carry it", body="Keep a naloxone kit in the car. AND near the door, OR not.")
    response = engine_app.test_client().get("/search", query_string={"q": query})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert (f'<a href="/p/{opening(writer, topic)}">' in page) == (query in FINDS)


def test_operator_words_are_searched_as_words(engine_app, writer):
    topic = writer.start_topic(title="Words", body="Near the end AND not before.")
    reader = engine_app.test_client()
    for word in ("AND", "NEAR", "NOT", "near and"):
        assert found(reader, word) == [opening(writer, topic)], word
    assert found(reader, "OR") == []


def test_a_huge_query_is_read_only_as_far_as_the_box_holds(engine_app, writer):
    topic = writer.start_topic(title="Words", body="Hope is a discipline.")
    reader = engine_app.test_client()
    page = results_page(reader, "hope " + "x" * 10_000)
    assert f'<a href="/p/{opening(writer, topic)}">' not in page  # "hope" and a 195-letter word: no post has both
    assert f'maxlength="{terms.MAX_LENGTH}"' in page
    too_many = " ".join(["hope"] + [f"word{n}" for n in range(30)])
    page = results_page(reader, too_many)
    assert f"Only the first {terms.MAX_WORDS} words were looked for." in page
    # A word typed again is one word.
    assert RESULT.findall(results_page(reader, "hope " * 30)) == [str(opening(writer, topic))]


def test_nobody_finds_what_moderators_hold_back_or_an_author_removed(engine_app, writer, sign_in_as):
    topic = writer.start_topic(title="Every state", body="The opening is public, lighthouse.")
    for words in ("lighthouse waits for review", "lighthouse hidden", "lighthouse removed by a moderator",
                  "lighthouse taken back", "lighthouse kept"):
        writer.reply(topic, words)
    public, pending, hidden, removed, taken_back, kept = writer.post_ids(topic)
    moderator = sign_in_as("watchful-mod", "moderator")
    submit(moderator, f"/p/{pending}/report", {"reason": "spam"})
    submit(moderator, f"/mod/reports/{hidden}", {"action": "hide"})
    submit(moderator, f"/mod/reports/{removed}", {"action": "delete"})
    submit(writer.client, f"/p/{taken_back}/delete")

    member = engine_app.test_client()
    Members(member).join("other-member")
    for reader in (engine_app.test_client(), member, writer.client):
        assert sorted(found(reader, "lighthouse")) == [public, kept]
        # The staff filter is staff's: for others the same search, and their pages' links forget it.
        page = results_page(reader, "lighthouse", held="1")
        assert sorted(int(post_id) for post_id in RESULT.findall(page)) == [public, kept]
        assert "held" not in page.split('<main id="main">')[1] and "None" not in page
    # Staff see the same as members, unless they ask for what moderators hold back.
    assert sorted(found(moderator, "lighthouse")) == [public, kept]
    assert sorted(found(moderator, "lighthouse", held="1")) == [pending, hidden, removed]
    assert "Hidden by a moderator." in results_page(moderator, "lighthouse", held="1")
    assert found(moderator, "taken back", held="1") == []  # its author's removal leaves no words


def test_a_facilitator_finds_held_posts_on_their_own_boards_only(engine_app, writer, sign_in_as):
    mine = writer.start_topic(board="alcohol", title="Harbor", body="A harbor post.")
    theirs = writer.start_topic(board="opioids", title="Harbor", body="Another harbor post.")
    moderator = sign_in_as("watchful-mod", "moderator")
    for topic in (mine, theirs):
        submit(moderator, f"/mod/reports/{opening(writer, topic)}", {"action": "hide"})
    facilitator = sign_in_as("alcohol-host", "facilitator", boards=["alcohol"])
    assert found(facilitator, "harbor", held="1") == [opening(writer, mine)]
    assert sorted(found(moderator, "harbor", held="1")) == sorted([opening(writer, mine), opening(writer, theirs)])


def test_an_anonymous_post_is_found_by_its_words_never_by_its_author(engine_app, writer, sign_in_as):
    topic = writer.start_topic(title="Something I never said", body="The secret is the pills in the cupboard.",
                               anonymous=True)
    named = writer.start_topic(title="Hello", body="Hi all, glad to be here.")
    mention = engine_app.test_client()
    Members(mention).join("friend-of-lanterns")
    mentioner = Forum(mention)
    mentioned = mentioner.start_topic(title="Thanks", body="Thank you lantern-keeper for the advice.")
    moderator = sign_in_as("watchful-mod", "moderator")
    for reader in (engine_app.test_client(), mention, moderator):
        page = results_page(reader, "cupboard pills")
        assert RESULT.findall(page) == [str(opening(writer, topic))]
        assert "Anonymous" in page and "lantern-keeper" not in page.split('<main id="main">')[1]
        # A handle is only words: it finds the posts that hold it, never those its owner wrote.
        assert found(reader, "lantern-keeper") == [opening(mentioner, mentioned)]
        assert found(reader, "lantern keeper") == [opening(mentioner, mentioned)]
        assert opening(writer, topic) not in found(reader, "lantern")
    assert opening(writer, named) in found(moderator, "glad")


def test_a_board_narrows_the_search_and_an_unknown_board_is_a_404(engine_app, writer):
    alcohol = writer.start_topic(board="alcohol", title="Tide", body="The tide goes out.")
    writer.start_topic(board="families", title="Tide", body="The tide comes in.")
    reader = engine_app.test_client()
    assert found(reader, "tide", b="alcohol") == [opening(writer, alcohol)]
    assert len(found(reader, "tide")) == 2
    assert reader.get("/search", query_string={"q": "tide", "b": "nowhere"}).status_code == 404
    assert 'value="alcohol" selected' in results_page(reader, "tide", b="alcohol")


def test_results_come_twenty_a_page_best_first_and_newest_among_equals(engine_app, writer):
    topic = writer.start_topic(title="Porch light", body="Leaving the porch light on.")
    for n in range(44):
        writer.reply(topic, f"Reply {n} about the evening.")
    replies = writer.post_ids(topic) + writer.post_ids(topic, page=2) + writer.post_ids(topic, page=3)
    replies = replies[1:]
    reader = engine_app.test_client()
    first = found(reader, "evening")
    # All 44 say the same of the evening: the newest come first.
    assert first == sorted(replies, reverse=True)[:20]
    page = results_page(reader, "evening")
    assert 'rel="next" href="/search?page=2&amp;q=evening"' in page and 'rel="prev"' not in page
    assert found(reader, "evening", page=2) == sorted(replies, reverse=True)[20:40]
    last = results_page(reader, "evening", page=3)
    assert len(RESULT.findall(last)) == 4 and 'rel="next"' not in last and 'rel="prev" href="/search?page=2' in last
    assert reader.get("/search", query_string={"q": "evening", "page": 4}).status_code == 404
    # A word in the title (and the body) weighs more than one in a body alone.
    writer.reply(topic, "On the porch again tonight.")
    assert found(reader, "porch")[0] == opening(writer, topic)
    assert found(reader, "porch", sort="new")[0] != opening(writer, topic)


def test_a_title_moderators_hid_is_not_marked_nor_found(engine_app, writer, sign_in_as):
    topic = writer.start_topic(title="Dealer number here", body="Call me.")
    writer.reply(topic, "That title should be hidden, dealer or not.")
    moderator = sign_in_as("watchful-mod", "moderator")
    submit(moderator, f"/mod/reports/{opening(writer, topic)}", {"action": "hide"})
    page = results_page(engine_app.test_client(), "dealer hidden")
    assert RESULT.findall(page) == [str(writer.post_ids(topic)[1])]
    assert "Topic hidden by moderators</a>" in page and "Dealer" not in page


def test_an_edit_or_a_new_title_is_found_at_once_and_the_old_words_are_not(engine_app, writer):
    topic = writer.start_topic(title="Meadow", body="First words about the meadow.")
    post_id = opening(writer, topic)
    response = submit(writer.client, f"/p/{post_id}/edit", {"body": "Now about the harbor.", "title": "Compass"})
    assert response.status_code == 302
    reader = engine_app.test_client()
    assert found(reader, "meadow") == []
    assert found(reader, "harbor") == [post_id] == found(reader, "compass")


def test_the_results_answer_htmx_with_the_results_alone(engine_app, writer):
    topic = writer.start_topic(title="Garden", body="The garden helps.")
    response = engine_app.test_client().get("/search?q=garden", headers={"HX-Request": "true"})
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in fragment and "<header" not in fragment
    assert f'<a href="/p/{opening(writer, topic)}">' in fragment and "<mark>garden</mark>" in fragment


def test_a_page_without_words_explains_and_a_search_without_matches_says_so(engine_app, writer):
    reader = engine_app.test_client()
    empty = results_page(reader, "")
    assert "Put words in quotes" in empty and "<mark>" not in empty
    none = results_page(reader, "unheardofword")
    assert "Nothing found for “unheardofword”" in none and 'value="unheardofword"' in none


def test_every_page_has_the_search_box_in_its_header(engine_app, writer):
    topic = writer.start_topic()
    for path in ("/", "/b/alcohol", f"/t/{topic}", "/help"):
        header = engine_app.test_client().get(path).get_data(as_text=True).split("</header>")[0]
        assert '<form class="search" role="search" method="get" action="/search">' in header, path
        assert '<input type="search" name="q"' in header


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def limited_app(request):
    """The forum with its rate limits on, on each engine."""
    with app_on(request.getfixturevalue("database_path" if request.param == "sqlite" else "pg_database"),
                RATELIMIT_ENABLED=True) as app:
        yield app


def test_searches_are_limited_per_client_and_the_query_is_kept(limited_app):
    app = limited_app
    client = app.test_client()
    for _ in range(5):
        assert client.get("/search").status_code == 200  # the empty page costs nothing
    for n in range(30):
        assert client.get("/search", query_string={"q": f"hope {n}"}).status_code == 200
    paused = client.get("/search", query_string={"q": "cravings at night"})
    page = paused.get_data(as_text=True)
    assert paused.status_code == 429 and paused.headers["Retry-After"].isdigit()
    assert "searching is paused for a moment" in page and 'value="cravings at night"' in page
    elsewhere = app.test_client().get("/search", query_string={"q": "hope"}, environ_base={"REMOTE_ADDR": "192.0.2.9"})
    assert elsewhere.status_code == 200


def test_an_excerpt_shows_the_match_even_in_words_without_spaces(engine_app, writer):
    writer.start_topic(title="Long", body="x" * 300 + "needle" + "y" * 300 + " and then the needle again")
    page = results_page(engine_app.test_client(), "needle")
    assert "<mark>" in page.split('class="excerpt"')[1].split("</p>")[0]


# --- The index keeps in step with the posts --------------------------------------

def _index_is_true_to_the_posts(app) -> None:
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            # FTS5's own check of every indexed row against the posts (raises when they differ).
            db.session.execute(text("INSERT INTO post_search(post_search, rank) VALUES ('integrity-check', 1)"))
            return
        stale = db.session.scalars(text("""
            SELECT posts.id FROM posts JOIN topics ON topics.id = posts.topic_id
            WHERE search_vector IS DISTINCT FROM
                setweight(post_search_words(CASE WHEN posts.id = (SELECT min(id) FROM posts AS first
                    WHERE first.topic_id = posts.topic_id) THEN topics.title ELSE '' END), 'A')
                || setweight(post_search_words(body), 'B')""")).all()
        assert stale == []


def test_the_index_stays_true_to_the_posts_through_every_change(engine_app, writer, sign_in_as):
    first = writer.start_topic(title="Tide", body="The tide goes out.")
    writer.reply(first, "And comes back in.")
    submit(writer.client, f"/p/{opening(writer, first)}/edit", {"body": "The tide, again.", "title": "Tides"})
    writer.reply(first, "A third.", anonymous=True)
    submit(writer.client, f"/p/{opening(writer, first)}/delete")  # the title goes with it
    second = writer.start_topic(board="families", title="Harbor", body="A harbor.")
    writer.reply(second, "Another.")
    moderator = sign_in_as("watchful-mod", "moderator")
    submit(moderator, f"/mod/reports/{opening(writer, second)}", {"action": "hide"})
    _index_is_true_to_the_posts(engine_app)
    third = writer.start_topic(board="opioids", title="Compass", body="North.")
    writer.reply(third, "South, the next to open it.")
    with engine_app.app_context():
        # No page does these, but the database may be asked: the index follows.
        db.session.execute(text("DELETE FROM posts WHERE id = :id"), {"id": opening(writer, third)})
        db.session.execute(text("DELETE FROM topics WHERE id = :id"), {"id": second})
        db.session.commit()
    _index_is_true_to_the_posts(engine_app)
    assert found(engine_app.test_client(), "compass") == writer.post_ids(third)
    with engine_app.app_context():
        db.session.execute(text("DELETE FROM boards WHERE slug = 'alcohol'"))
        db.session.commit()
    _index_is_true_to_the_posts(engine_app)


def test_a_post_cannot_move_to_another_topic_behind_the_index(engine_app, writer):
    here, there = writer.start_topic(title="Here"), writer.start_topic(title="There")
    with engine_app.app_context():
        with pytest.raises(Exception, match="posts do not move between topics"):
            db.session.execute(text("UPDATE posts SET topic_id = :there WHERE id = :post"),
                               {"there": there, "post": opening(writer, here)})
        db.session.rollback()
    _index_is_true_to_the_posts(engine_app)


# --- Deleted words leave the index ---------------------------------------------

def _indexed_terms(app) -> set[str]:
    """Every word the index holds, as the engine stores it."""
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            db.session.execute(text("CREATE VIRTUAL TABLE IF NOT EXISTS temp.words USING fts5vocab(main, post_search, row)"))
            return set(db.session.scalars(text("SELECT term FROM temp.words")))
        vectors = db.session.scalars(select(text("search_vector::text")).select_from(Post))
        return {lexeme.split(":")[0].strip("'") for vector in vectors for lexeme in vector.split()}


def test_a_removed_post_leaves_the_index_at_once(engine_app, writer):
    topic = writer.start_topic(title="Tonight", body="Staying in.")
    writer.reply(topic, "My dealer's number is gone: zanzibarquux.")
    reply = writer.post_ids(topic)[1]
    assert found(engine_app.test_client(), "zanzibarquux") == [reply]
    assert "zanzibarquux" in _indexed_terms(engine_app)
    submit(writer.client, f"/p/{reply}/delete")
    assert found(engine_app.test_client(), "zanzibarquux") == []
    assert "zanzibarquux" not in _indexed_terms(engine_app)


def test_deleting_an_account_leaves_none_of_its_words_in_the_search_tables(engine_app, writer):
    topic = writer.start_topic(title="Quixotrellis", body="Written by someone who will leave: plumbobwizzle.",
                               anonymous=True)
    writer.reply(topic, "And again plumbobwizzle.")
    stays = Forum(engine_app.test_client())
    Members(stays.client).join("stays-here")
    stays.reply(topic, "I stay, hello.")
    assert len(found(engine_app.test_client(), "plumbobwizzle")) == 2
    response = submit(writer.client, "/account/delete", {"posts": "remove", "password": PASSWORD})
    assert response.status_code == 302
    assert found(engine_app.test_client(), "plumbobwizzle quixotrellis") == []
    with engine_app.app_context():
        if db.engine.dialect.name == "sqlite":
            # The FTS5 tables themselves, merged by the deletion: not a byte of the words is left.
            stored = b"".join(bytes(block or b"") for block in db.session.scalars(text("SELECT block FROM post_search_data")))
            assert b"plumbob" not in stored and b"quixotr" not in stored
            assert b"hello" in stored  # the inspection sees words that are there
            assert db.session.scalar(text("PRAGMA secure_delete")) == 1
            # Nor anywhere in the database's files: freed pages are overwritten, the log emptied.
            database = db.engine.url.database
            files = b"".join(open(path, "rb").read() for path in (database, database + "-wal") if os.path.exists(path))
            assert b"plumbobwizzle" not in files and b"Quixotrellis" not in files and b"I stay, hello." in files
    terms_left = _indexed_terms(engine_app)
    assert not {"plumbobwizzle", "quixotrellis"} & terms_left and "hello" in terms_left
