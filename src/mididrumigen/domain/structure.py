"""Song structure: the sections of one arrangement, as a producer writes them.

    intro:4 verse:8 chorus:8 bridge:4 outro:4

Section kinds: intro, verse, pre (pre-chorus), chorus, bridge, breakdown, solo, outro (a few
spellings accepted). Each section is 1..16 bars; an arrangement is at most MAX_SECTIONS
sections and MAX_BARS bars.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import UserInputError
from .checks import check_int

SECTION_KINDS = ("intro", "verse", "pre", "chorus", "bridge", "breakdown", "solo", "outro")
_ALIASES = {"prechorus": "pre", "pre-chorus": "pre", "pre_chorus": "pre", "break": "breakdown",
            "hook": "chorus", "refrain": "chorus", "ending": "outro", "middle8": "bridge"}
SECTION_BARS = (1, 16)
MAX_SECTIONS = 16
MAX_BARS = 64
_ITEM = re.compile(r"^([a-z_\-]+?)\d*\s*[:=x*]\s*(\d+)$")


@dataclass(frozen=True, slots=True)
class Section:
    kind: str
    bars: int

    def __post_init__(self) -> None:
        if self.kind not in SECTION_KINDS:
            raise UserInputError(f"section kind must be one of {', '.join(SECTION_KINDS)}, "
                                 f"got {self.kind!r}", field="structure")
        check_int(f"{self.kind} bars", self.bars, *SECTION_BARS)

    def __str__(self) -> str:
        return f"{self.kind}:{self.bars}"


def parse_structure(text: str) -> tuple[Section, ...]:
    """'intro:4 verse:8 chorus:8' → sections; UserInputError saying which item is wrong."""
    if not isinstance(text, str) or not text.strip():
        raise UserInputError("structure must not be empty; e.g. 'intro:4 verse:8 chorus:8'",
                             field="structure")
    items = [t for t in re.split(r"[\s,;|]+", text.strip().lower()) if t]
    if len(items) > MAX_SECTIONS:
        raise UserInputError(f"a structure has at most {MAX_SECTIONS} sections, got {len(items)}",
                             field="structure")
    out = []
    for item in items:
        m = _ITEM.match(item)
        if not m:
            raise UserInputError(f"structure item {item!r} should look like 'verse:8' "
                                 f"(kinds: {', '.join(SECTION_KINDS)})", field="structure")
        kind = _ALIASES.get(m.group(1), m.group(1))
        out.append(Section(kind, int(m.group(2))))
    total = sum(s.bars for s in out)
    if total > MAX_BARS:
        raise UserInputError(f"a structure has at most {MAX_BARS} bars, got {total}",
                             field="structure")
    return tuple(out)


def render_structure(sections: tuple[Section, ...]) -> str:
    return " ".join(str(s) for s in sections)
