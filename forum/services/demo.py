"""Made-up but realistic forum content, for trying Porchlight out and for benchmarks.

The same seed gives the same members, topics and words. Timestamps are laid
out over the weeks before the moment it runs, so the forum looks alive.
Bodies are built from a pool of paragraphs, each rendered once by the real
sanitizer, so that a hundred thousand posts take seconds rather than minutes.
"""
import random
from dataclasses import dataclass
from datetime import timedelta
from itertools import accumulate

from sqlalchemy import func, insert, select, update

from forum import text
from forum.extensions import db
from forum.models import Board, Post, Topic, User
from forum.models.base import utcnow
from forum.models.boards import SUPPORT_WINDOW
from forum.services.boards import seed_default_boards
from forum.services.posting import anonymous_tag
from forum.vocabulary import Role

SPAN = timedelta(days=60)
ANONYMOUS_SHARE = 0.2
CHUNK = 5_000

ADJECTIVES = ["quiet", "steady", "hopeful", "early", "brave", "gentle", "patient", "clear",
              "kind", "sober", "bright", "calm", "honest", "open", "warm", "still"]
NOUNS = ["river", "harbor", "morning", "lantern", "meadow", "cedar", "sparrow", "pier",
         "garden", "compass", "bridge", "hill", "porch", "trail", "oak", "tide"]

TITLES = {
    "opioids": [
        "Day {n} off fentanyl and the nights are the hardest",
        "Starting suboxone next week, what should I expect?",
        "Relapsed after {n} days. Trying again today",
        "How do you handle the boredom in early recovery?",
        "Methadone clinic every morning is wearing me down",
        "Finally told my doctor the truth",
        "Carrying naloxone: how do you bring it up with friends?",
        "{n} days clean and I wanted to tell someone",
    ],
    "alcohol": [
        "Day {n} sober, the weekend is coming",
        "What do you drink at parties now?",
        "Sleep is still terrible at {n} days",
        "Went to my first meeting tonight",
        "Cravings after work, what helps you?",
        "Told my boss I'm in recovery",
        "{n} days without a drink, first holiday sober",
        "Does the fog ever lift?",
    ],
    "families": [
        "My son relapsed again and I don't know what to do",
        "How do you set boundaries without giving up on them?",
        "Partner in rehab for {n} days, I'm falling apart",
        "Explaining addiction to our kids",
        "Learning to look after myself for once",
        "My sister is {n} days clean and I'm scared to hope",
        "Al-Anon or Nar-Anon: which helped you more?",
        "Grieving someone who is still here",
    ],
}

OPENINGS = [
    "I've been lurking here for a while and finally made an account. Things have been **really hard** this week and I needed to say it somewhere.",
    "Not sure this is the right board, but here goes. Tonight the cravings came back hard and I kept thinking about calling my old contact.",
    "I keep telling myself that *one day at a time* is enough, and most days it is. Today it didn't feel like it.",
    "My counselor suggested I write things down, so I'm trying it here where people might understand.",
    "Some background: I started with pills after surgery, and it went from there. I've tried to stop on my own three times.",
    "Today is a good day and I wanted to share it, because the bad days get posted more often.",
]
MIDDLES = [
    "What helps me:\n\n- calling someone before I make a decision\n- eating something, even if it's small\n- getting outside for ten minutes",
    "My sponsor says the feeling passes if you let it. It does, usually, but waiting it out at 3 a.m. is brutal.",
    "> You don't have to see the whole staircase, just take the first step.\n\nSomebody posted that here last year and I still think about it.",
    "I've been using the meeting finder on [the SAMHSA site](https://findtreatment.gov) and there is a group twenty minutes from me.",
    "The worst part is the shame. I know it's an illness, but it doesn't *feel* like one when you're in it.",
    "Work is the hardest trigger for me. Long shifts, then the drive home past the same places.",
    "I started writing a gratitude list every night. Some nights it's just `coffee` and `my dog`, and that's fine.",
    "My family is trying, but they don't really get it. Posting here helps more than I expected.",
    "The first two weeks were the worst physically. After that it was more about routine and boredom.",
]
REPLIES = [
    "Thank you for sharing this. You're not alone, I felt exactly the same at that stage.",
    "Proud of you for posting instead of using. That's a real win, even if it doesn't feel like one.",
    "Please be gentle with yourself. A relapse is not the end of recovery, it's part of a lot of people's stories.",
    "Something that helped me was having a plan for the evening before it started. Even a small one.",
    "If things get really dark, please use the *Need help now?* link at the top. There are people awake right now.",
    "I'm a parent too. Setting boundaries felt cruel at first, but it ended up helping both of us.",
    "Day by day. Checking in tomorrow?",
    "Meetings weren't for me at first either. It took a few different groups before one felt right.",
    "My doctor was much kinder about it than I expected. I hope yours is too.",
    "Sending strength. Drink some water, eat something, and get some sleep if you can.",
    "That fog lifted for me around the three-month mark. Hang in there.",
    "**Congratulations!** That is a big milestone and you earned every day of it.",
]


@dataclass
class Made:
    topics: int
    posts: int
    members: int


class _Paragraphs:
    """Paragraphs rendered once each; a body's HTML is its paragraphs' HTML joined."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.html = {source: text.render(source) for source in OPENINGS + MIDDLES + REPLIES}

    def body(self, first: list[str], extra: int) -> tuple[str, str]:
        chosen = [self.rng.choice(first)] + self.rng.sample(MIDDLES, extra)
        return "\n\n".join(chosen), "\n".join(self.html[p] for p in chosen)


def forum_has_topics() -> bool:
    return db.session.scalar(select(func.count(Topic.id))) > 0


def _demo_members(rng: random.Random, count: int) -> list[int]:
    handles = []
    while len(handles) < count:
        handle = f"{rng.choice(ADJECTIVES)}-{rng.choice(NOUNS)}-{rng.randrange(10, 100)}"
        if handle not in handles:
            handles.append(handle)
    existing = dict(db.session.execute(
        select(User.handle_key, User.id).where(User.handle_key.in_(handles))
    ).all())
    missing = [h for h in handles if h not in existing]
    if missing:
        # "!" marks a password that no login can match: demo members cannot sign in.
        db.session.execute(insert(User), [
            {"handle": h, "handle_key": h, "password_hash": "!demo", "role": Role.MEMBER,
             "created_at": utcnow() - SPAN * 2}
            for h in missing
        ])
        existing = dict(db.session.execute(
            select(User.handle_key, User.id).where(User.handle_key.in_(handles))
        ).all())
    return [existing[h] for h in handles]


def _spread(rng: random.Random, total: int, buckets: int) -> list[int]:
    """Split total posts over topics: every topic one post, busy topics many more."""
    counts = [1] * buckets
    weights = list(accumulate(rng.paretovariate(1.2) for _ in range(buckets)))
    for index in rng.choices(range(buckets), cum_weights=weights, k=total - buckets):
        counts[index] += 1
    return counts


def generate(topics: int, posts: int, seed: int) -> Made:
    rng = random.Random(seed)
    seed_default_boards()
    boards = list(db.session.scalars(select(Board).order_by(Board.position, Board.id)))
    members = _demo_members(rng, max(5, min(300, posts // 40)))
    paragraphs = _Paragraphs(rng)
    now = utcnow()

    plans = []
    for count in _spread(rng, posts, topics):
        board = rng.choice(boards)
        start = now - SPAN * rng.random()
        # Replies arrive over the hours and days after the opening post.
        gaps = sorted(rng.random() for _ in range(count - 1))
        times = [start] + [start + (now - start) * g for g in gaps]
        titles = TITLES.get(board.slug) or [t for group in TITLES.values() for t in group]
        plans.append({
            "board": board,
            "title": rng.choice(titles).format(n=rng.randrange(2, 400)),
            "times": times,
            "authors": [rng.choice(members) for _ in times],
            "anonymous": [rng.random() < ANONYMOUS_SHARE for _ in times],
        })

    topic_ids = db.session.scalars(
        insert(Topic).returning(Topic.id, sort_by_parameter_order=True),
        [{
            "board_id": plan["board"].id, "author_id": plan["authors"][0],
            "title": plan["title"], "anonymous": plan["anonymous"][0],
            "created_at": plan["times"][0], "last_activity_at": plan["times"][-1],
            "post_count": len(plan["times"]), "visible_post_count": len(plan["times"]), "locked": False,
            # Opened in the last day and barely answered: asking for support now.
            "support_requested_at": plan["times"][0] if _asks_for_support(plan["times"], now) else None,
            "first_answered_at": next(
                (moment for moment, author in zip(plan["times"], plan["authors"]) if author != plan["authors"][0]), None,
            ),
        } for plan in plans],
    ).all()

    rows = []
    for topic_id, plan in zip(topic_ids, plans):
        for index, (moment, author, anonymous) in enumerate(zip(plan["times"], plan["authors"], plan["anonymous"])):
            if index == 0:
                body, html = paragraphs.body(OPENINGS, rng.randrange(1, 3))
            else:
                body, html = paragraphs.body(REPLIES, rng.randrange(0, 2))
            rows.append({
                "topic_id": topic_id, "author_id": author, "body": body, "body_html": html,
                "anonymous": anonymous, "created_at": moment,
                "author_tag": anonymous_tag(topic_id, author) if anonymous else None,
            })
        if plan["anonymous"][0]:
            db.session.execute(update(Topic).where(Topic.id == topic_id).values(
                author_tag=anonymous_tag(topic_id, plan["authors"][0])))
    rows.sort(key=lambda row: row["created_at"])  # post ids follow time, as in real use
    for start in range(0, len(rows), CHUNK):
        db.session.execute(insert(Post), rows[start:start + CHUNK])

    _recount_boards(boards)
    return Made(topics=len(plans), posts=len(rows), members=len(members))


def _asks_for_support(times: list, now) -> bool:
    return now - times[0] < SUPPORT_WINDOW and len(times) <= 3


def _recount_boards(boards: list[Board]) -> None:
    for board in boards:
        stats = db.session.execute(
            select(func.count(Topic.id), func.coalesce(func.sum(Topic.post_count), 0), func.max(Topic.last_activity_at))
            .where(Topic.board_id == board.id)
        ).one()
        latest = db.session.scalar(
            select(Topic.id).where(Topic.board_id == board.id)
            .order_by(Topic.last_activity_at.desc(), Topic.id.desc()).limit(1)
        )
        board.topic_count, board.post_count, board.last_activity_at = stats
        board.last_topic_id = latest
