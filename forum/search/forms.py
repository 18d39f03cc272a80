"""The search form: a GET form, so it needs no token and a result can be bookmarked or shared."""
from dataclasses import dataclass

from forum.search.terms import MAX_LENGTH

NEWEST = "new"


@dataclass(frozen=True)
class SearchForm:
    """What /search was asked (its query string), read forgivingly: whatever is
    sent, each field is text, and a value no form offers is ignored."""

    q: str = ""
    b: str = ""
    sort: str = ""
    held: bool = False

    @classmethod
    def from_args(cls, args, may_search_held: bool) -> "SearchForm":
        """may_search_held: staff, who may look among what moderators hold back; for others, held is ignored."""
        return cls(q=" ".join(args.get("q", "").split()), b=args.get("b", "").strip(),
                   sort=NEWEST if args.get("sort") == NEWEST else "", held=may_search_held and args.get("held") == "1")

    @property
    def kept(self) -> str:
        """The query as the box holds it, and its pages' links carry it: as far as it is read."""
        return self.q[:MAX_LENGTH]

    @property
    def newest(self) -> bool:
        return self.sort == NEWEST

    def args(self, **changes) -> dict:
        """The query string of this search (for its pages and its other order), empty fields left out."""
        asked = {"q": self.kept, "b": self.b, "sort": self.sort, "held": "1" if self.held else "", **changes}
        return {name: value for name, value in asked.items() if value}
