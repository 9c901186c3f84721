"""Lists typed as one text (keywords, research directions, statuses): how items are told apart, and joined."""

import re

# Chinese forms and spreadsheets separate items with full- or half-width commas, the enumeration comma 、,
# semicolons or newlines.
LIST_SEPARATORS = re.compile(r"[,，、;；\r\n]+")
LIST_JOINER = "、"


def split_list(value: object) -> list[str]:
    """The items of "石墨烯、散热，涂层", or of a list whose items may each hold several; stripped, without
    blanks or repeats, in order. Stored lists are kept this way, so that joining them with LIST_JOINER (as an
    export does) and splitting again gives the same list."""
    parts = value if isinstance(value, list | tuple) else [value]
    items: list[str] = []
    for part in parts:
        if part is None:
            continue
        for item in LIST_SEPARATORS.split(str(part)):
            item = item.strip()
            if item and item not in items:
                items.append(item)
    return items
