"""Dates: one lenient reader for the many ways sources write a date.

RSS writes RFC 822, Atom and JSON Feed ISO 8601, sitemaps W3C datetimes, JSON records
whatever their producer liked (epoch milliseconds included). :func:`parse_date` turns
all of them into aware UTC datetimes and gives None for junk instead of raising, so
each reader decides for itself whether a missing date is an error.
"""

from __future__ import annotations

import calendar
import email.utils
import re
import time
import warnings
from datetime import date, datetime, timedelta, timezone
from typing import Any


_H = 3600
_TZINFOS = {
    "UTC": 0, "UT": 0, "GMT": 0, "Z": 0, "WET": 0,
    "EST": -5 * _H, "EDT": -4 * _H, "CST": -6 * _H, "CDT": -5 * _H,
    "MST": -7 * _H, "MDT": -6 * _H, "PST": -8 * _H, "PDT": -7 * _H,
    "AKST": -9 * _H, "AKDT": -8 * _H, "HST": -10 * _H,
    "BST": 1 * _H, "CET": 1 * _H, "CEST": 2 * _H, "EET": 2 * _H, "EEST": 3 * _H,
    "MSK": 3 * _H, "JST": 9 * _H, "KST": 9 * _H, "AEST": 10 * _H, "AEDT": 11 * _H,
}  # fmt: skip
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2[01]\d\d)(?!\d)")
_MIN_YEAR, _MAX_YEAR = 1800, 2200
#: How far after the moment an item was seen its publication date may lie: a day covers
#: time-zone mistakes; beyond it the date is impossible, not news (a feed dating an item
#: 2099 would top every "latest" list, and move the clusterer's clock past every article).
FUTURE_DATE_TOLERANCE = timedelta(days=1)
_NUMERIC_SHORT_YEAR = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2})$")


def _aware_utc(value: datetime) -> datetime:
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def _from_epoch(value: float) -> datetime | None:
    if 1e11 < value < 1e14:  # milliseconds (JavaScript timestamps)
        value /= 1000
    if not 0 < value < 1e10:
        return None
    return datetime.fromtimestamp(value, tz=timezone.utc)


def _parse_date_string(s: str) -> datetime | None:
    s = s.strip()
    if not s or len(s) > 100:
        return None
    if s.isdigit():
        return _from_epoch(int(s)) if len(s) in (10, 13) else None
    try:
        return datetime.fromisoformat(s)
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(s)
        if parsed is not None:
            return parsed
    except (TypeError, ValueError, IndexError):
        pass
    short = _NUMERIC_SHORT_YEAR.match(s)
    if short:
        # "7/23/17", as US outlets and CSV exports write dates: month/day/two-digit year
        # (day/month when the first number cannot be a month), years 00-69 as 20xx.
        a, b, yy = (int(x) for x in short.groups())
        month, day = (a, b) if a <= 12 else (b, a)
        year = 2000 + yy if yy < 70 else 1900 + yy
        try:
            return datetime(year, month, day)
        except ValueError:
            return None
    if not _YEAR.search(s):
        # dateutil happily turns "12" or "May" into a date in the current year.
        return None
    from dateutil import parser as date_parser

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return date_parser.parse(s, tzinfos=_TZINFOS, default=datetime(1900, 1, 1))
        except (ValueError, OverflowError, TypeError):
            return None


def too_far_ahead(published: datetime | None, seen: datetime | None) -> bool:
    """Whether ``published`` lies more than :data:`FUTURE_DATE_TOLERANCE` after ``seen``."""
    return published is not None and seen is not None and published > seen + FUTURE_DATE_TOLERANCE


def parse_date(value: Any) -> datetime | None:
    """An aware UTC datetime from whatever a source gives, or None; never raises.

    Reads ISO 8601, RFC 822/2822 (RSS), the common formats dateutil knows (with US
    and European zone abbreviations), epoch seconds or milliseconds, ``datetime``,
    ``date`` and ``time.struct_time``. A value without a zone is taken as UTC. Strings
    without a plausible year are refused, as are years outside 1800-2200.
    """
    try:
        result: datetime | None
        if value is None or isinstance(value, bool):
            return None
        if isinstance(value, datetime):
            result = value
        elif isinstance(value, date):
            result = datetime(value.year, value.month, value.day)
        elif isinstance(value, time.struct_time):
            result = datetime.fromtimestamp(calendar.timegm(value), tz=timezone.utc)
        elif isinstance(value, int | float):
            result = _from_epoch(float(value))
        elif isinstance(value, str):
            result = _parse_date_string(value)
        else:
            return None
        if result is None:
            return None
        result = _aware_utc(result)
        if not _MIN_YEAR <= result.year <= _MAX_YEAR:
            return None
        return result
    except Exception:  # noqa: BLE001 - the contract is "junk gives None"
        return None
