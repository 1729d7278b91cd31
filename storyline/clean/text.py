"""Plain-text cleaning: boilerplate out of the body, metadata out of the boilerplate.

Text pasted from a news page carries the page with it: a stray header line, the headline,
photo captions with credits, a dateline credit such as "(MENAFN)", share prompts and "Latest
news" link lists. Each is recognised line by line (a line is a paragraph in pasted text),
moved to ``removed`` with its kind, and mined for metadata (title, outlet, date) on the way.
The body keeps every real paragraph, joined by blank lines.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..models import Removed

# A stray header such as " date 2025-10-26 403" or "Published: 2025-10-26".
_HEADER_DATE = re.compile(
    r"^\s*(?:date|published|posted|updated|last updated)\s*:?\s*(\d{4}-\d{2}-\d{2})(?:[T ][\d:]+\S*)?\b[^a-z]*$",
    re.I,
)
_BARE_NUMBER = re.compile(r"^\s*[\d\s.:/-]{1,20}\s*$")
_BREADCRUMB = re.compile(r"^\s*(?:Home|News)\s*(?:[>»/|›]\s*[\w .&'-]{1,30}){1,5}\s*$")
_BYLINE = re.compile(
    r"^\s*By\s+(?P<who>[A-Z][\w.'-]+(?:\s+(?:[A-Z][\w.'-]+|and|&|,)){0,8}?)"
    r"(?:\s+(?P<staff>staff(?:\s+writers?|\s+reporters?)?|reporters|correspondents?|bureau|newsroom))?\s*$"
)
_MONTH_NAMES = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# "Seluna Valley Today | Wednesday, March 11, 2026" or "March 11, 2026" alone on a header line.
_HEADER_OUTLET_DATE = re.compile(
    r"^\s*(?:(?P<outlet>[^|•·]{2,60}?)\s*[|•·]\s*)?(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    rf"(?:(?P<month>{_MONTH_NAMES})\s+(?P<day>\d{{1,2}}),?\s+|(?P<day2>\d{{1,2}})\s+(?P<month2>{_MONTH_NAMES})\s+)"
    r"(?P<year>\d{4})(?:,?\s+\d{1,2}:\d{2}(?:\s*[AP]M)?(?:\s+[A-Z]{2,4})?)?\s*$"
)

_CREDIT_WORD = r"(?:Photo(?:graph)?|Image|Picture|Pic|Video|Illustration|Credit|Photo credit|File photo)"
# A line that is only a credit: "Photo: Kremlin press service", "(Photo: Reuters)", "Image credit: AFP".
_CREDIT_LINE = re.compile(
    rf"^\s*[(\[]?\s*{_CREDIT_WORD}(?:\s+credit)?\s*[:/]\s*[^.!?]{{1,80}}[)\]]?\s*$", re.I
)
# A credit inside a paragraph: "(Photo: Reuters)", "[Image: AFP/Getty]".
_CREDIT_INLINE = re.compile(rf"[(\[]\s*{_CREDIT_WORD}(?:\s+credit)?\s*[:/]\s*[^)\]]{{1,80}}[)\]]", re.I)
_AGENCY_CREDIT_LINE = re.compile(
    r"^\s*(?:©|\(c\))?\s*[\w .&/-]{0,40}(?:Getty Images|AP Photo|Reuters/[\w ]+|AFP)\s*$"
)

# "(MENAFN) The Kremlin..." or "(AP) --"; the outlet credit opening a paragraph.
_PAREN_CREDIT = re.compile(r"^\s*\(([A-Z][\w.&' -]{1,30})\)\s*(?:[-–—]+\s*)?(?=\S)")
# "MOSCOW, Oct 22 (Reuters) -" or "WASHINGTON (AP) —".
_DATELINE = re.compile(
    r"^\s*([A-Z][A-Z.'-]+(?:[ ][A-Z][A-Z.'-]+){0,3}),?\s*"
    r"(?:((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2})(?:,\s*(\d{4}))?\s*)?"
    r"\(([A-Z][\w.&' -]{1,30})\)\s*[-–—]+\s*"
)
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}

# "Orda.kz reports, citing ..." / "The Gaze reports this, ...": the article's own outlet.
_OWN_OUTLET = re.compile(
    r"(?:^|[,.;]\s+)((?:The\s+)?[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*){0,3})\s+reports\b(?:,|\s+this\b|\s+citing\b)"
)
_OWN_OUTLET_LINE = re.compile(
    r"^\s*((?:The\s+)?[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*){0,3})\s+reports\s*[.:]?\s*$"
)
_NOT_OUTLETS = {"he", "she", "it", "they", "media", "the report", "the outlet", "the newspaper", "this"}

_RELATED_HEADING = re.compile(
    r"^\s*(?:latest(?:\s+news|\s+stories|\s+articles)?|related(?:\s+(?:news|articles|stories|coverage|posts))?"
    r"|read\s+(?:more|also|next)|more\s+(?:news|stories|from\s+[\w .]{1,30})|most\s+(?:read|popular|viewed)"
    r"|recommended(?:\s+for\s+you)?|you\s+may\s+also\s+like|see\s+also|trending(?:\s+now)?|top\s+stories"
    r"|editor'?s\s+picks?|what\s+to\s+read\s+next)\s*:?\s*$",
    re.I,
)
_LIST_ITEM = re.compile(r"^\s*(?:[-•*–—▪►]|\d{1,2}[.)])\s+\S")
_READ_MORE_LINE = re.compile(r"^\s*(?:read\s+(?:more|also)|see\s+also|related)\s*:\s*\S.{0,200}$", re.I)
_SHARE_PROMPT = re.compile(
    r"^\s*(?:share(?:\s+(?:this|the)\s+(?:article|story|post|page))?(?:\s+(?:on|via)\s+[\w ,]+)?"
    r"|(?:subscribe|sign\s+up)\b.{0,80}|follow\s+us\b.{0,80}|join\s+(?:us|our)\b.{0,60}(?:channel|telegram|newsletter).{0,20}"
    r"|click\s+here\b.{0,80}|advertisement|sponsored(?:\s+content)?|tweet|print|email|copy\s+link"
    r"|comments?(?:\s*\(\d+\))?|download\s+(?:our|the)\s+app\b.{0,60}|(?:facebook|twitter|whatsapp|telegram|linkedin)"
    r"(?:\s*[|,/]\s*(?:facebook|twitter|x|whatsapp|telegram|linkedin|email))*)\s*[.!:]?\s*$",
    re.I,
)
_REPUBLISHED_CREDIT = re.compile(
    r"^\s*(?:this\s+(?:story|article|report)\s+(?:was|is|has\s+been)\s+(?:first\s+|originally\s+)?"
    r"(?:published|written|produced|distributed|republished)|(?:originally|first)\s+published)\s+(?:by|in|on|with)\s+.{1,100}$",
    re.I,
)
_REPORTING_CREDIT = re.compile(
    r"^\s*\((?:Reporting|Writing|Editing|Additional reporting)\s+by\b[^)]*\)\s*$", re.I
)
_SENTENCE_END = re.compile(r"[.!?][\"'”’»)]?\s+(?=[A-Z“\"«])")


@dataclass(slots=True)
class CleanText:
    text: str
    removed: list[Removed] = field(default_factory=list)
    title: str | None = None
    outlet: str | None = None
    published: str | None = None


def _iso_day(year: str, month_name: str, day: str) -> str | None:
    """ "2026", "March", "3" -> "2026-03-03"; None for a month or day that does not exist."""
    month = _MONTHS.get(month_name[:3].lower())
    if month is None:
        return None
    try:
        return dt.date(int(year), month, int(day)).isoformat()
    except ValueError:
        return None


def yearless_dateline(text: str) -> tuple[int, int] | None:
    """(month, day) of a dateline the cleaner removed ("TESSVIK, March 3 (NWA) —") that writes
    a day but no year; None for any other text."""
    m = _DATELINE.match(text)
    if m is None or not m.group(2) or m.group(3):
        return None
    month_name, day = m.group(2).split()
    month = _MONTHS.get(month_name[:3].lower())
    return (month, int(day)) if month is not None else None


def _is_title_line(line: str, rest: list[str]) -> bool:
    words = line.split()
    if not words or len(words) > 25 or not any(r.strip() for r in rest):
        return False
    if line.rstrip().endswith((".", ",", ";", ":")) and not line.rstrip().endswith("..."):
        return False
    return line[:1].isupper() or line[:1] in "“\"«‘'"


def _caption_prefix(par: str) -> tuple[str, str] | None:
    """Split "Caption sentence. (Photo: X) Body..." into (caption with credit, body)."""
    match = _CREDIT_INLINE.search(par)
    if match is None or match.start() > 300:
        return None
    before = par[: match.start()].strip()
    if before and len(_SENTENCE_END.findall(before + " X")) > 2:
        return None  # the credit sits deep inside prose: only the credit is removed
    return par[: match.end()].strip(), par[match.end() :].strip()


def _outlet_from_reports(line: str) -> str | None:
    for m in _OWN_OUTLET.finditer(line):
        name = m.group(1).strip()
        if name.lower() not in _NOT_OUTLETS and not name.lower().startswith(("he ", "she ")):
            return name
    return None


def clean_text(raw: str, *, find_title: bool = True) -> CleanText:
    """Split pasted article text into body paragraphs and removed boilerplate.

    ``find_title``: take a headline-like first line as the title (plain text); off for text
    that an HTML extractor already separated from its title.
    """
    lines = [
        ln.rstrip() for ln in raw.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
    ]
    lines = [ln.strip("\ufeff\u200b").strip() for ln in lines]
    lines = [ln for ln in lines if ln]
    out = CleanText(text="")
    kept: list[str] = []
    removed = out.removed
    i = 0
    seen_body = False
    while i < len(lines):
        line = lines[i]
        near_top = not seen_body

        if near_top and (header := _HEADER_DATE.match(line)):
            out.published = out.published or header.group(1)
            removed.append(Removed("header", line))
        elif near_top and (dated := _HEADER_OUTLET_DATE.match(line)):
            out.published = out.published or _iso_day(
                dated.group("year"),
                dated.group("month") or dated.group("month2"),
                dated.group("day") or dated.group("day2"),
            )
            if dated.group("outlet"):
                out.outlet = out.outlet or dated.group("outlet").strip()
            removed.append(Removed("header", line))
        elif near_top and (_BARE_NUMBER.match(line) or _BREADCRUMB.match(line)):
            removed.append(Removed("header", line))
        elif (
            find_title
            and near_top
            and out.title is None
            and not kept
            and _is_title_line(line, lines[i + 1 :])
        ):
            out.title = line
        elif near_top and (byline := _BYLINE.match(line)):
            if byline.group("staff"):  # "By Tessvik Herald staff": the outlet, not a person
                out.outlet = out.outlet or byline.group("who").strip()
            removed.append(Removed("byline", line))
        elif _CREDIT_LINE.match(line) or _AGENCY_CREDIT_LINE.match(line):
            removed.append(Removed("photo-credit", line))
            if i + 1 < len(lines) and _is_caption_line(lines[i + 1]):
                removed.append(Removed("caption", lines[i + 1]))
                i += 1
        elif _RELATED_HEADING.match(line) and _followed_by_list(lines, i + 1):
            j = i + 1
            while j < len(lines) and _is_link_item(lines[j]):
                j += 1
            removed.append(Removed("related-links", "\n".join(lines[i:j])))
            i = j
            continue
        elif _READ_MORE_LINE.match(line):
            removed.append(Removed("related-links", line))
        elif _SHARE_PROMPT.match(line) and len(line.split()) <= 15:
            removed.append(Removed("share-prompt", line))
        elif (own := _OWN_OUTLET_LINE.match(line)) and own.group(1).lower() not in _NOT_OUTLETS:
            out.outlet = out.outlet or own.group(1).strip()
            removed.append(Removed("credit", line))
        elif _REPORTING_CREDIT.match(line) or (_REPUBLISHED_CREDIT.match(line) and len(line.split()) <= 20):
            removed.append(Removed("credit", line))
        elif _LIST_ITEM.match(line) and _trailing_list(lines, i) and seen_body:
            removed.append(Removed("related-links", "\n".join(lines[i:])))
            break
        else:
            line = _strip_paragraph_boilerplate(line, out)
            if line:
                kept.append(line)
                seen_body = True
        i += 1
    out.text = "\n\n".join(kept)
    if out.outlet is None:
        for par in kept[:3]:
            if name := _outlet_from_reports(par):
                out.outlet = name
                break
    if out.outlet is not None:
        out.outlet = expand_acronym(out.outlet, raw)
    return out


def expand_acronym(name: str, text: str) -> str:
    """ "NWA" -> "Northwind Wire Agency" when the text spells out a name with those initials."""
    if not re.fullmatch(r"[A-Z]{2,6}", name):
        return name
    words = r"\s+(?:of\s+|for\s+|and\s+|&\s+)?".join(rf"{ch}[\w'-]+" for ch in name)
    found = re.search(rf"\b(?:the\s+)?({words})\b", text)
    return found.group(1) if found else name


def _strip_paragraph_boilerplate(line: str, out: CleanText) -> str:
    """Remove a leading caption+credit, inline credits and an opening outlet credit/dateline."""
    split = _caption_prefix(line)
    if split is not None:
        caption, line = split
        out.removed.append(Removed("caption", caption))
    for found in list(_CREDIT_INLINE.finditer(line)):
        out.removed.append(Removed("photo-credit", found.group(0)))
    line = re.sub(r"\s{2,}", " ", _CREDIT_INLINE.sub("", line)).strip()
    credit = _PAREN_CREDIT.match(line)
    dateline = None if credit else _DATELINE.match(line)
    if credit is not None:
        out.outlet = out.outlet or credit.group(1).strip()
        out.removed.append(Removed("credit", credit.group(0).strip()))
        line = line[credit.end() :]
    elif (m := dateline) is not None:
        out.outlet = out.outlet or m.group(4).strip()
        if m.group(2) and m.group(3):  # a dateline without a year dates nothing
            month_name, day = m.group(2).split()
            out.published = out.published or _iso_day(m.group(3), month_name, day)
        out.removed.append(Removed("dateline", m.group(0).strip()))
        line = line[m.end() :]
    return line.strip()


def _is_caption_line(line: str) -> bool:
    """A short descriptive line right under a photo credit: the photo's caption."""
    words = line.split()
    return (
        0 < len(words) <= 16
        and line.endswith(".")
        and not any(q in line for q in '"“”«»„')
        and not _DATELINE.match(line)
        and not _PAREN_CREDIT.match(line)
    )


def _is_link_item(line: str) -> bool:
    """A line of a link list: a bullet, or a short headline without closing punctuation."""
    if _LIST_ITEM.match(line):
        return True
    words = line.split()
    return 0 < len(words) <= 16 and not line.endswith((".", "?", "!", ":", "”", '"'))


def _followed_by_list(lines: list[str], start: int) -> bool:
    items = 0
    for line in lines[start : start + 3]:
        if not _is_link_item(line):
            break
        items += 1
    return items >= 2 or (items >= 1 and start + items == len(lines))


def _trailing_list(lines: list[str], start: int) -> bool:
    """At least three bullet lines running to the end of the text: a link list without heading."""
    rest = lines[start:]
    return len(rest) >= 3 and all(_LIST_ITEM.match(ln) for ln in rest)
