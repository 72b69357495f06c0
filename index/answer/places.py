"""The seat or place a person represents, read from the words around their name in one sentence.

"Holborn and St Pancras MP Keir Starmer", "Tulip Siddiq, the MP for Hampstead and Kilburn", "Rep. Ann Lee
(D-Ohio)", "Bo Kay, who represents the 5th District": the place is taken only when it stands next to the
name asked about, so "which seat does X represent" is never answered with someone else's seat, or with whom
X backed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

OFFICE = (
    r"(?:MP|MPs|MSP|MEP|AM|MS|MLA|MPP|TD|[Cc]ouncillor|[Cc]ongressman|[Cc]ongresswoman|[Rr]epresentative|"
    r"Rep\.|Sen\.|[Ss]enator|[Aa]ssemblyman|[Aa]ssemblywoman|[Aa]ssembly member|[Mm]ember)"
)
PARTY = r"(?:(?:Labour|Conservative|Tory|SNP|Lib Dem|Liberal Democrat|Green|Democratic|Republican|Democrat)\s+)?"
PLACE_RUN = r"(?:[A-Z0-9][\w'’.-]*)(?:\s+(?:and|of|upon|on|&|-)?\s*(?:St\.?\s+)?[A-Z0-9][\w'’.-]*)*"
LEADING = re.compile(r"^(?:(?:The|the|Former|former|Veteran|veteran|Local|Then|then|New|Labour|Tory|Conservative)\s+)+")
TITLES = r"(?:(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Cllr|Rep|Sen)\.?\s+)?"


def seat_of(sentence: str, spellings: Iterable[str]) -> str:
    """The place the sentence says the named person represents, or ""."""
    for spelling in sorted(set(spellings), key=len, reverse=True):
        name = re.escape(spelling)
        patterns = (
            rf"(?P<place>{PLACE_RUN})\s+{PARTY}{OFFICE}\s+{TITLES}(?:[A-Z][\w'’-]+\s+)?{name}\b",
            rf"\b{name},?\s+(?:the\s+|a\s+)?{PARTY}{OFFICE}\s+(?:for|of)\s+(?:the\s+)?(?P<place>{PLACE_RUN})",
            rf"\b{name},?\s+(?:who\s+)?represent(?:s|ed|ing)?\s+(?P<place>(?:the\s+)?{PLACE_RUN})",
            rf"\b{name}\s*[(,]\s*[DRI]-(?P<place>[A-Z][\w.]+(?:\s+[A-Z][\w.]+)?)",
        )
        for pattern in patterns:
            found = re.search(pattern, sentence)
            if found:
                place = LEADING.sub("", found.group("place")).strip(" ,.")
                if place and place.lower() != spelling.lower():
                    return place
    return ""
