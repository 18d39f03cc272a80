"""Where a reader is and which language they read: the one home of time zone, country and language.

A member's choice is kept in their account and follows them to any device;
a visitor's is kept in one small cookie that holds only these three values
(no id, nothing to follow anyone with), written only once they choose.
Nothing is guessed from an address: the browser's Accept-Language may pick
the language of someone who chose none, and that is all.
"""
import functools
import unicodedata
import zoneinfo
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from babel import Locale
from babel.core import get_global
from babel.dates import get_timezone_location
from flask import Flask, current_app, g, request
from flask_babel import Babel
from flask_login import current_user
from wtforms import SelectChoice

from forum import i18n
from forum.i18n import lazy_gettext

# The languages the forum is written in, each named in itself.
LANGUAGES = {"en": "English", "es": "Español"}
COOKIE = "settings"
COOKIE_MAX_AGE = 400 * 86400  # the longest browsers keep a cookie
FIELDS = ("time_zone", "country", "language")

# Zones offered first, after the forum's own: where most of its readers are
# likely to be. Never counted from members' choices: on a small forum, "one
# of us lives in Nome" is exactly what must not be told.
WELL_USED_ZONES = (
    "America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles",
    "America/Anchorage", "Pacific/Honolulu", "America/Puerto_Rico", "America/Mexico_City", "Europe/London",
    "Europe/Madrid",
)

# The groups of the time zone list, as the IANA names begin.
REGIONS = {
    "Africa": lazy_gettext("Africa"),
    "America": lazy_gettext("The Americas"),
    "Antarctica": lazy_gettext("Antarctica"),
    "Arctic": lazy_gettext("Arctic"),
    "Asia": lazy_gettext("Asia"),
    "Atlantic": lazy_gettext("Atlantic Ocean"),
    "Australia": lazy_gettext("Australia"),
    "Europe": lazy_gettext("Europe"),
    "Indian": lazy_gettext("Indian Ocean"),
    "Pacific": lazy_gettext("Pacific Ocean"),
}
# Territory codes in CLDR that are not countries: continents, the EU, the UN, "unknown".
NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ"}


@dataclass(frozen=True)
class Preferences:
    """What a reader chose; None where they chose nothing."""

    time_zone: str | None = None
    country: str | None = None
    language: str | None = None

    @property
    def anything(self) -> bool:
        return any((self.time_zone, self.country, self.language))


def _in_a_region(name: str) -> bool:
    """ "Region/City" (the regions people live in), or UTC."""
    return name == "UTC" or name.partition("/")[0] in REGIONS


@functools.cache
def time_zones() -> frozenset[str]:
    """The IANA zones people live in: "Region/City" names, and UTC; not the old aliases ("US/Eastern", "Asia/Calcutta")."""
    aliases = get_global("zone_aliases")
    return frozenset(
        name for name in zoneinfo.available_timezones()
        if name == "UTC" or (_in_a_region(name) and name not in aliases)
    )


@functools.cache
def _country_codes() -> frozenset[str]:
    return frozenset(
        code for code in Locale("en").territories
        if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES and not code.startswith("X")
    )


def _is_zone(name: str) -> bool:
    """An IANA zone people live in, checked without the whole list (and CLDR's aliases) in every worker's memory."""
    if not _in_a_region(name):
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def valid(field: str, value: str | None) -> str | None:
    """The value if it is one the forum knows for this field, else None."""
    if not isinstance(value, str):
        return None
    if field == "time_zone":
        return value if _is_zone(value) else None
    return value if value in {"country": _country_codes(), "language": LANGUAGES}[field] else None


def _from_cookie() -> Preferences:
    try:
        values = dict(parse_qsl(request.cookies.get(COOKIE, ""), max_num_fields=len(FIELDS)))
    except ValueError:  # not a cookie the forum wrote
        values = {}
    return Preferences(**{field: valid(field, values.get(field)) for field in FIELDS})


def _from_account(member) -> Preferences:
    return Preferences(**{field: valid(field, getattr(member, field)) for field in FIELDS})


def chosen() -> Preferences:
    """This reader's choices: a member's from their account, a visitor's from this browser's cookie."""
    if "preferences" not in g:
        if current_user and current_user.is_authenticated:
            g.preferences = _from_account(current_user)
        else:
            g.preferences = _from_cookie() if request else Preferences()
    return g.preferences


def adopt_visitor_choice(member) -> None:
    """A new account starts with what its owner chose on this phone moments before joining."""
    for field, value in vars(_from_cookie()).items():
        setattr(member, field, value)


def _browser_language() -> str | None:
    """The first language the browser asks for that the forum speaks: "es-MX" is Spanish, before a lesser "en"."""
    for asked, _quality in request.accept_languages:
        if (primary := asked.split("-")[0].lower()) in LANGUAGES:
            return primary
    return None


def language() -> str:
    """The language to answer in: the reader's choice, else their browser's, else the forum's."""
    if picked := chosen().language:
        return picked
    if request and (asked := _browser_language()):
        return asked
    return current_app.config["FORUM_DEFAULT_LANGUAGE"]


def time_zone() -> str:
    return chosen().time_zone or current_app.config["FORUM_TIME_ZONE"]


def language_follows_browser() -> bool:
    """Whether this answer's language came from Accept-Language, so caches must keep languages apart."""
    return not chosen().language


def save(choice: Preferences, response) -> None:
    """Keep a choice: in a member's account, or in the visitor's cookie (cleared when they choose nothing)."""
    if current_user.is_authenticated:
        for field in FIELDS:
            setattr(current_user, field, getattr(choice, field))
    elif choice.anything:
        response.set_cookie(
            COOKIE, urlencode({field: value for field in FIELDS if (value := getattr(choice, field))}),
            max_age=COOKIE_MAX_AGE, secure=current_app.config["FORUM_HTTPS"], httponly=True, samesite="Lax",
        )
    else:
        response.delete_cookie(COOKIE)
    g.preferences = choice


def _sort_key(name: str) -> str:
    """ "Éire" among the E's: accents set aside for ordering."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


def country_choices() -> list[tuple[str, str]]:
    """(code, name) for every country, named and ordered in the reader's language."""
    names = i18n.locale().territories
    return sorted(((code, names.get(code, code)) for code in _country_codes()), key=lambda pair: _sort_key(pair[1]))


def zone_label(name: str) -> str:
    """ "Nueva York", "Knox, Indiana": a zone's city, named in the reader's language (CLDR)."""
    return _zone_label(name, str(i18n.locale()))


@functools.lru_cache(maxsize=2048)
def _zone_label(name: str, language: str) -> str:
    # Named once per zone and language: the zone list and a list of meetings name hundreds.
    return name if name == "UTC" else get_timezone_location(name, locale=language, return_city=True)


def first_zones() -> list[str]:
    """The forum's own zone, then the well-used ones."""
    return [zone for zone in dict.fromkeys((current_app.config["FORUM_TIME_ZONE"], *WELL_USED_ZONES))
            if valid("time_zone", zone)]


def zone_groups() -> list[tuple[str, list[str]]]:
    """(group, zones) in the order the settings page offers them: the most used first, then each region's,
    ordered by their names in the reader's language. Each zone is offered once."""
    first = first_zones()
    groups: dict[str, list[str]] = {}
    for zone in time_zones() - set(first):
        groups.setdefault(zone.partition("/")[0] if "/" in zone else "", []).append(zone)
    regions = [(str(REGIONS[region]), sorted(zones, key=lambda zone: _sort_key(zone_label(zone))))
               for region, zones in sorted(groups.items()) if region]
    utc = [("UTC", groups[""])] if "" in groups else []
    return [(str(lazy_gettext("Most used")), first), *regions, *utc]


def zone_choices() -> list[SelectChoice]:
    """Every zone, grouped and named as zone_groups() has them, for a form's <select>."""
    return [SelectChoice(zone, zone_label(zone), optgroup=region) for region, zones in zone_groups() for zone in zones]


def init_app(app: Flask) -> None:
    for setting, field in (("FORUM_TIME_ZONE", "time_zone"), ("FORUM_DEFAULT_LANGUAGE", "language")):
        if not valid(field, app.config[setting]):
            raise ValueError(f"{setting}={app.config[setting]!r} is not one the forum knows: "
                             + ("an IANA name such as America/New_York" if field == "time_zone" else "en or es"))
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(app.root_path) + "/translations")
    Babel(app, locale_selector=language, timezone_selector=time_zone)
    # Whitespace inside {% trans %} is folded, so the catalogue holds the sentence, not the template's layout.
    app.jinja_env.policies["ext.i18n.trimmed"] = True

    @app.context_processor
    def reader_context():
        return {"current_language": language}

    @app.after_request
    def keep_languages_apart(response):
        # Only words change with the language: static files and the health check stay one answer for all.
        if response.mimetype in ("text/html", "application/atom+xml") and language_follows_browser():
            response.vary.add("Accept-Language")
        return response
