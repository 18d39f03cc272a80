"""The `flask --app wsgi forum ...` command group, for admins on a terminal."""
import json
import sys

import click
from flask import current_app
from flask.cli import AppGroup

from forum.extensions import db, migrations
from forum.meetings import guide
from forum.models import Board, Post, User
from forum.models.moderation import QueueFilter, report_queue
from forum.permissions import looks_after_boards_of_their_own
from forum.services import accounts, boards, demo, moderation
from forum.services import backup as backups
from forum.visibility import awaits_review
from forum.vocabulary import Fellowship, Role
from forum.wording import when

ROLE_CHOICE = click.Choice([role.value for role in Role])

forum_cli = AppGroup("forum", help="Set up and look after a Porchlight forum.")


def _boards_by_slug(slugs: tuple[str, ...]) -> list[Board]:
    found = []
    for slug in slugs:
        board = Board.by_slug(slug)
        if board is None:
            raise click.ClickException(f"No board called {slug!r}.")
        found.append(board)
    return found


def _facilitator_boards(role: str, slugs: tuple[str, ...]) -> list[Board]:
    """Facilitators look after named boards; nobody else is scoped to one."""
    scoped = looks_after_boards_of_their_own(role)
    if scoped and not slugs:
        raise click.ClickException("A facilitator needs at least one --board.")
    if not scoped and slugs:
        raise click.ClickException("--board is only for facilitators; other roles cover every board or none.")
    return _boards_by_slug(slugs)


def _member(handle: str) -> User:
    user = User.by_handle(handle)
    if user is None:
        raise click.ClickException(f"No member called {handle!r}.")
    return user


@forum_cli.command("init")
def init_command():
    """Bring the database schema up to date and create the default boards."""
    from flask_migrate import upgrade

    migrations(current_app)
    upgrade()
    created = boards.seed_default_boards()
    db.session.commit()
    click.echo(f"Database ready. Boards created: {', '.join(created) or 'none (already there)'}.")


@forum_cli.command("create-user")
@click.argument("handle")
@click.option("--role", type=ROLE_CHOICE, default=Role.MEMBER.value, show_default=True)
@click.option("--board", "board_slugs", multiple=True, help="Board a facilitator looks after (repeatable).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user_command(handle, role, board_slugs, password_stdin):
    """Create an account, printing its recovery codes once."""
    chosen_boards = _facilitator_boards(role, board_slugs)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user, codes = accounts.register(handle, password, role=role)
        if chosen_boards:
            accounts.set_role(user, role, chosen_boards)
    except accounts.AccountError as problem:
        raise click.ClickException(str(problem))
    db.session.commit()  # the account and its boards together, or neither
    click.echo(f"Created {user.handle} ({role}). Recovery codes, shown only now:")
    for code in codes:
        click.echo(f"  {code}")


@forum_cli.command("set-role")
@click.argument("handle")
@click.argument("role", type=ROLE_CHOICE)
@click.option("--board", "board_slugs", multiple=True, help="Board a facilitator looks after (repeatable).")
def set_role_command(handle, role, board_slugs):
    """Change a member's role (and a facilitator's boards)."""
    user = _member(handle)
    accounts.set_role(user, role, _facilitator_boards(role, board_slugs))
    db.session.commit()
    scope = f" on {', '.join(board_slugs)}" if board_slugs else ""
    click.echo(f"{user.handle} is now {role}{scope}.")


@forum_cli.command("add-board")
@click.argument("slug")
@click.argument("name")
@click.argument("description")
def add_board_command(slug, name, description):
    """Add a board at the end of the home page."""
    try:
        board = boards.add_board(slug, name, description)
    except boards.BoardError as problem:
        raise click.ClickException(str(problem))
    db.session.commit()
    click.echo(f"Board {board.slug} added.")


@forum_cli.command("translate-board")
@click.argument("slug")
@click.argument("language")
@click.argument("name")
@click.argument("description")
def translate_board_command(slug, language, name, description):
    """Give a board its name and description in another language (es)."""
    board = Board.by_slug(slug)
    if board is None:
        raise click.ClickException(f"No board called {slug!r}.")
    try:
        boards.translate_board(board, language, name, description)
    except boards.BoardError as problem:
        raise click.ClickException(str(problem))
    db.session.commit()
    click.echo(f"Board {board.slug} now has a name in {language}: {name}")


@forum_cli.command("demo-data")
@click.option("--topics", default=50, show_default=True, type=click.IntRange(1))
@click.option("--posts", default=500, show_default=True, type=click.IntRange(1))
@click.option("--seed", default=1, show_default=True, type=int)
@click.option("--if-empty", is_flag=True, help="Do nothing when the forum already has topics.")
def demo_data_command(topics, posts, seed, if_empty):
    """Fill the boards with realistic made-up topics and posts (the same for the same seed)."""
    if posts < topics:
        raise click.ClickException("--posts counts every post, so it must be at least --topics.")
    if if_empty and demo.forum_has_topics():
        click.echo("The forum already has topics; no demo data added.")
        return
    made = demo.generate(topics=topics, posts=posts, seed=seed)
    db.session.commit()
    click.echo(f"Added {made.topics} topics and {made.posts} posts by {made.members} demo members.")


meetings_cli = AppGroup("meetings", help="Weekly meeting listings.")
forum_cli.add_command(meetings_cli)


@meetings_cli.command("import")
@click.argument("file", type=click.File("rb"))
@click.option("--time-zone", help="For rows that give none (default: the forum's own, FORUM_TIME_ZONE).")
@click.option("--fellowship", type=click.Choice([fellowship.value for fellowship in Fellowship]), default="other",
              show_default=True, help="For rows that give none (Meeting Guide files are usually one fellowship's).")
@click.option("--board", "board_slug", help="Put the meetings added on this board.")
def import_meetings_command(file, time_zone, fellowship, board_slug):
    """Add or update meetings from a Meeting Guide JSON file (by slug: importing it again changes nothing)."""
    if board_slug:
        _boards_by_slug((board_slug,))
    try:
        rows = json.load(file)
    except (UnicodeDecodeError, json.JSONDecodeError) as problem:
        raise click.ClickException(f"{file.name} is not a JSON file: {problem}") from None
    if not isinstance(rows, list):
        raise click.ClickException(f"{file.name} should hold a list of meetings (the Meeting Guide format).")
    # The rows are read through the meeting form, which speaks in a request's language and zone.
    with current_app.test_request_context():
        report = guide.import_rows(rows, time_zone or current_app.config["FORUM_TIME_ZONE"], fellowship,
                                   board_slug or "")
    db.session.commit()
    for number, reason in report.refused:
        click.echo(f"Row {number}: refused: {reason}", err=True)
    click.echo(f"Added {len(report.added)}, changed {len(report.changed)}, skipped {len(report.skipped)} "
               f"(already as in the file), refused {len(report.refused)}.")
    for label, slugs in (("Added", report.added), ("Changed", report.changed),
                         ("Left archived (staff archived them here; list one again on its page)", report.left_archived)):
        if slugs:
            click.echo(f"{label}: {', '.join(slugs)}")


@forum_cli.command("reports")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1))
def reports_command(limit):
    """Print the open report queue, most urgent first."""
    queue = report_queue(QueueFilter(status="open"), page=1, per_page=limit)
    if not queue.items:
        click.echo("No open reports. All quiet.")
        return
    click.echo(f"{queue.total} reported post{'' if queue.total == 1 else 's'} waiting, most urgent first:")
    for item in queue.items:
        reasons = ", ".join(f"{reason} x{count}" for reason, count in item.reasons.items())
        hidden = " [hidden pending review]" if awaits_review(item.post) else ""
        excerpt = " ".join(item.post.body.split())[:70]
        click.echo(
            f"- post {item.post.id} on {item.post.topic.board.slug}, reported {when(item.oldest_report_at)}"
            f" by {item.reporters}: {reasons}{hidden}\n    {item.post.topic.title}: {excerpt}"
        )


@forum_cli.command("lift")
@click.argument("who", required=False, metavar="[HANDLE | post:ID]")
@click.option("--post", "post_id", type=click.IntRange(1, 2**31 - 1),
              help="Lift what was done through this post instead.")
@click.option("--note", default="", help="Why, for the staff's moderation log.")
def lift_command(who, post_id, note):
    """End a suspension or ban so the member can post again.

    With a handle, every suspension and ban of that member. With a post
    (--post 123, or post:123), those made through that post: how staff
    name the author of an anonymous post, whose handle nobody sees.
    """
    if who and who.startswith("post:"):
        if post_id is not None:
            raise click.ClickException("Give a handle or a post, not both.")
        post_id = _post_number(who.removeprefix("post:"))
    elif who and post_id is not None:
        raise click.ClickException("Give a handle or a post, not both.")
    if post_id is None:
        if not who:
            raise click.ClickException("Say whose suspension or ban to lift: a HANDLE, or --post ID.")
        member = _member(who)
        if member.can_post:
            raise click.ClickException(f"{member.handle} is neither suspended nor banned.")
        moderation.lift(member, note)
        db.session.commit()
        click.echo(f"{member.handle} can post again.")
        return
    post = db.session.get(Post, post_id)
    if post is None:
        raise click.ClickException(f"No post {post_id}.")
    try:
        moderation.lift_through(post, note)
    except moderation.ModerationError as problem:
        raise click.ClickException(str(problem))
    db.session.commit()
    # No handle here: the post may be anonymous.
    click.echo(f"Lifted what was done through post {post_id}: its author can post again, "
               "unless a suspension or ban made elsewhere still stands.")


def _post_number(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 2**31 - 1:
        raise click.ClickException(f"{text!r} is not a post number.")
    return int(text)


@forum_cli.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def backup_command(path):
    """Copy the SQLite database to PATH, safely, while the forum runs."""
    try:
        backups.backup_to(path)
    except backups.BackupError as problem:
        raise click.ClickException(str(problem))
    click.echo(f"Backup written to {path}.")


@forum_cli.command("restore")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--yes", is_flag=True, help="Confirm: replace everything in the forum with the backup.")
def restore_command(path, yes):
    """Put a backup made by `forum backup` back, replacing the forum's data."""
    if not yes:
        raise click.ClickException(
            "This replaces everything in the forum's database with the backup: every post and account "
            "since it was made is lost. Make a backup of the present first, then run again with --yes."
        )
    from alembic.script import ScriptDirectory
    from flask_migrate import upgrade

    scripts = ScriptDirectory.from_config(migrations(current_app).migrate.get_config())
    try:
        backups.restore_from(path, {script.revision for script in scripts.walk_revisions()})
    except backups.BackupError as problem:
        raise click.ClickException(str(problem))
    upgrade()  # a backup from an older version is brought up to date
    accounts.end_every_login()
    db.session.commit()
    click.echo(f"Restored from {path}. Everyone has been logged out; accounts and posts are as they were then.")
