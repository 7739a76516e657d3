"""Text, date and identifier normalisation shared by the readers."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date, datetime, timezone
from email.utils import parsedate_to_datetime

# characters that carry no text: zero-width spaces/joiners, word joiner, BOM, soft hyphen
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_LINEBREAKS = {ord("\u2028"): "\n", ord("\u2029"): "\n\n", ord("\x0b"): "\n", ord("\x0c"): "\n\n", ord("\x85"): "\n"}
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[^\S\n]+")  # any whitespace except the newline
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])")
_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")

MAX_ID = 200  # reports.id is String(200)


def normalise_text(text: str) -> str:
    """NFC, one space between words on each line, at most one blank line between paragraphs.

    Line breaks inside a paragraph are kept (they can matter to the reader of the evidence);
    leading and trailing blank lines are dropped.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_LINEBREAKS).translate(_INVISIBLE)
    text = _CONTROL.sub(" ", text)
    out: list[str] = []
    blank = False
    for line in text.split("\n"):
        line = _SPACES.sub(" ", line).strip()
        if not line:
            blank = bool(out)
            continue
        if blank:
            out.append("")
            blank = False
        out.append(line)
    return "\n".join(out)


def clean_field(value) -> str | None:
    """A one-line metadata value (title, publisher, url): whitespace collapsed, None when empty."""
    if value is None:
        return None
    if not isinstance(value, str):
        value = str(value)
    value = " ".join(unicodedata.normalize("NFC", value).translate(_INVISIBLE).split())
    return value or None


def normalise_date(value) -> str | None:
    """A publication date as ``YYYY-MM-DD`` (the date as written, not converted to UTC).

    Accepts ISO 8601 dates and datetimes, RFC 822 dates (RSS), epoch seconds and, through
    dateparser, most written dates that carry a year ("8 March 2025", "March 8, 2025").
    Returns None when the value cannot be read as a full date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(float(value), tz=timezone.utc).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    s = str(value).strip()
    if not s:
        return None
    m = _ISO_DATE.match(s)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(s).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    if not _YEAR.search(s) or len(s) > 80:
        return None
    try:
        import dateparser  # slow to import: only when needed
    except ImportError:  # pragma: no cover - dateparser is a dependency
        return None
    parsed = dateparser.parse(
        s,
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past",
                  "RETURN_AS_TIMEZONE_AWARE": False},
    )
    return parsed.date().isoformat() if parsed else None


def make_id(value: str) -> str:
    """A report id that fits the store (long ids keep their start and gain a short hash)."""
    value = " ".join(str(value).split())
    if len(value) <= MAX_ID:
        return value
    digest = hashlib.sha1(value.encode("utf-8")).hexdigest()[:12]
    return value[: MAX_ID - 13] + "~" + digest
