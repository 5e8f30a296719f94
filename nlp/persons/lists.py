"""The person rules' own context lists: minutes' member-list headings and office levels.

Two small CSV files beside the component's other lists (`nlp/data/persons/`), read once per
pipeline and written back by `to_disk`:
- `member_lists.csv` (`heading,kind`): headings of the lists of people at a meeting in minutes
  ("Til stede:", "Medlemmer", "Afbud"); `members` are the body's members (politicians in the
  minutes of a council or committee), `officials` the staff who also took part.
- `office_levels.csv` (`form,level`): words of a role that make it an office outside a kommune
  (`national`, `region`, `eu`): a minister or an MF holds no seat in the kommune an article is
  about, so such a politician gets no kommune from the text's context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from nlp.components.person_data import DATA_DIR
from nlp.wordlists import alternation, csv_records

LIST_FILES = ("member_lists.csv", "office_levels.csv")


@dataclass
class ContextLists:
    """The lists, and the member-list pattern compiled from them."""

    texts: dict[str, str]
    headings: dict[str, str] = field(init=False)  # casefolded heading -> kind
    levels: dict[str, str] = field(init=False)  # casefolded role word -> level
    heading_re: re.Pattern[str] = field(init=False)

    @classmethod
    def from_dir(cls, path: Path = DATA_DIR) -> ContextLists:
        return cls(
            {
                name: (path / name).read_text(encoding="utf-8") if (path / name).exists() else ""
                for name in LIST_FILES
            }
        )

    def __post_init__(self) -> None:
        self.headings = {
            r["heading"].casefold(): r["kind"] for r in csv_records(self.texts["member_lists.csv"])
        }
        self.levels = {r["form"].casefold(): r["level"] for r in csv_records(self.texts["office_levels.csv"])}
        headings = alternation(self.headings, space=r"[ \t]+") or "(?!)"
        # A heading at a line start, then ":" and the items on the same line, or a line alone.
        self.heading_re = re.compile(
            rf"^[ \t]*(?P<heading>(?i:{headings}))[ \t]*(?::[ \t]*(?P<items>[^\n]*)|[ \t]*$)", re.MULTILINE
        )

    def level(self, role: str | None) -> str:
        """ "kommune" unless a word of the role names an office elsewhere ("beskæftigelsesminister")."""
        if not role:
            return "kommune"
        low = role.casefold()
        for word in re.split(r"[\s,]+", low):
            if word in self.levels:
                return self.levels[word]
        for form, level in self.levels.items():
            if len(form) >= 5 and form in low:
                return level
        return "kommune"
