"""The values a user message names, and which parameter or field each one fits.

The unscripted model fills a tool's string, number and date parameters (and a structured
output's fields) from the latest user message when the message names a value that fits, the way
a real model copies "Rome" out of "What's the weather in Rome?". The rules, in the order a
parameter tries them (docs/unscripted-model.md):

- an ``enum`` parameter takes an enum value the message contains as a word;
- ``format: email`` or a name with ``email`` takes an email address;
- ``format: uri`` / ``url`` or a name with ``url``, ``link``, ``website`` takes a URL;
- ``format: date`` / ``date-time`` or a name with ``date`` or ``day`` takes a date, ISO
  (``2026-03-14``) or spelled (``March 14, 2026``, ``14th of March 2026``), given as ISO (with
  ``T00:00:00Z`` added for a date-time);
- a name with ``sku``, ``id``, ``code``, ``ref`` or ``number`` takes a code (a word of letters
  and digits, such as ``WID-42``), else a run of three or more digits;
- ``integer`` / ``number`` parameters take a number the message gives (within the bounds);
- a name for a search (``query``, ``q``, ``search``, ``question``, ``prompt``) takes a quoted
  string, else the whole message;
- a name for a thing with a proper name (``city``, ``location``, ``name``, ``country``,
  ``topic``, ``language``... see ``_PROPER_NAMES``), or a tool's only string parameter, takes a
  quoted string, else a proper noun ("Rome", "New York"): capitalised words that are not
  function words or request verbs ("It", "She", "What", "Save"), not a unit ("21 C", "5 PM"),
  and, when the message names anything else, not a lone word that only opens a sentence or a
  line ("question\n\nForecast for Oslo") unless it is listed with a name ("Rome and Paris").

A name quoted right after the word "tool" ("Error executing tool 'get_weather'") is a tool's,
not a value.

A name the message gives only as a key of the reply (``with the keys "city" and "summary"``)
is not a value: "city" never fills the ``city`` key or parameter.

Every candidate is checked against the parameter's schema (``maxLength``, ``pattern``, bounds);
one that does not validate is skipped, and a parameter nothing fits is filled from its schema as
before. All of this is a pure function of the text: no randomness, no set ordering.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .._core.json_schema import schema_violation

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"https?://[^\s\"'<>()]+[^\s\"'<>().,;:!?]")
_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(Z|[+-]\d{2}:\d{2})?)?\b")
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
# "March 14, 2026", "14 March 2026", "Mar 14th 2026": read as ISO dates.
_SPELLED_DATE = re.compile(
    rf"\b(?:{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})|(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(\d{{4}}))\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"\"([^\"]{1,200})\"|“([^”]{1,200})”|(?<![\w])'([^']{1,200})'(?![\w])")
_CODE = re.compile(r"\b(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9_-]*[A-Za-z0-9]\b")
_TIME = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b")
# A number, with thousands separators ("2,500") read as one.
_NUMBER = re.compile(r"(?<![\w.,-])-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w-]|,\d)")
_CAPITALISED = re.compile(r"[A-ZÀ-Þ][\wÀ-ÿ'’.-]*")
_TOKEN = re.compile(r"[\wÀ-ÿ'’.-]+|[^\w\s]")
_NUMBER_TOKEN = re.compile(r"\d[\d.,]*")
# Words that start a sentence or a request in capitals without naming anything.
_NOT_NAMES = frozenset(
    """
    a an and are as at be book but by can check compare could did do does find for from get give
    hello hey hi how i i'd i'll i'm if in is it it's let let's list look make may me might my no
    now of ok okay on or our please search send should show so tell thank thanks that the then
    there these they this those to today tomorrow use was we were what what's whats when where
    where's which who why will with would yes yesterday you your sku email id url json api
    describe explain summarize summarise write plan draft translate suggest recommend name define
    create generate tell help find calculate convert estimate analyze analyse review rate save add
    call ask remind invite schedule message ping notify contact cancel update delete remove open
    close order buy sell pay transfer fetch greet post share move copy rename upload download start
    stop play pause turn reserve track ship deliver assign approve reject sign print read register
    continue proceed resume retry repeat keep try respond reply answer return output format finish
    submit
    """.split()
) | frozenset(
    # Function words (pronouns, determiners, auxiliaries, conjunctions, prepositions) and adverbs
    # that open sentences ("He lives in Rome", "Currently 21 C in Oslo"): capitalised, they still
    # name nothing. Not "us", which is also the US.
    """
    he she his her hers him its their theirs them some any each every all both either neither
    must have has had been being because while after before since although though unless until
    once whether whose whom about into onto over than also just not very many much more most such
    only other another currently maybe perhaps actually here
    """.split()
)
_MONTHS = "january february march april may june july august september october november december".split()
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
# Parameter names a proper noun fits (compared word by word: ``city_name`` has ``city``).
_PROPER_NAMES = frozenset(
    """
    address airport area artist author brand city company country destination from hotel location
    name origin person place region restaurant state station team title to topic town user username
    language venue
    """.split()
)
_SEARCHES = frozenset({"query", "q", "search", "question", "prompt", "search_query", "keywords"})
_CODES = frozenset({"sku", "id", "code", "ref", "reference", "number", "isbn", "upc"})
# What may stand between two values of one list: "Rome and in Tokyo", "Rome, Paris or Oslo".
_LIST_JOINER = re.compile(
    r"\s*(?:,|;|/|&|\band\b|\bor\b|\bvs\.?|\bversus\b|\bplus\b|\bas well as\b)+\s*"
    r"(?:(?:in|for|at|of|on|the|to|from|with)\s+)*"
)
_JOINERS = frozenset({"de", "da", "del", "of", "upon", "on", "la", "le"})
# The languages and formats a reply is asked to be written in ("formatted as valid Python").
_FORMAT_NAMES = frozenset("python json yaml yml xml markdown csv html toml sql latex".split())
# A quoted name right after the word "tool" ("Error executing tool 'get_weather'"): a tool's
# name, the first group what precedes the quote. Not after "function": "a function 'add'" may
# well be the name a code-writing tool is to give.
_TOOL_NAME_QUOTED = re.compile(r"(\b[Tt]ool\s*)([\"'`“][A-Za-z_][\w.-]{0,63}[\"'`”])")


@lru_cache(maxsize=1024)
def name_words(name: str) -> tuple[str, ...]:
    """``cityName`` / ``city_name`` / ``city-name`` -> ``("city", "name")`` (names repeat: cached)."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    return tuple(word for word in re.split(r"[^A-Za-z0-9]+", spaced.lower()) if word)


def _proper_nouns(text: str) -> list[str]:
    """Runs of capitalised words ("New York", "Ada Lovelace"), possessive ``'s`` cut, months and
    weekdays left to dates. A word capitalised only
    because it opens a sentence or a line ("Weather in Rome", "question\n\nForecast for Oslo") is
    dropped when the text names something else, unless it is listed with a name ("Rome and
    Paris"); a function word or common opener ("What", "She", "Please") always is, and so is a
    unit: a lone capital letter ("21 C") or two capitals after a number ("5 PM")."""
    found: list[tuple[str, bool, int, int]] = []  # noun, whether it only opens a sentence, span
    run: list[str] = []
    run_opens = False
    run_span = [0, 0]
    sentence_start = True

    def close() -> None:
        while run and run[-1].lower() in _JOINERS:
            run.pop()
        if run:
            noun = re.sub(r"['’]s$", "", " ".join(run)).rstrip(".")
            opens = run_opens and len(run) == 1
            seen = next((index for index, (known, *_) in enumerate(found) if known == noun), None)
            if seen is None:
                found.append((noun, opens, run_span[0], run_span[1]))
            elif not opens:  # named again inside a sentence: a name wherever it stands
                found[seen] = (noun, False, *found[seen][2:])
        run.clear()

    previous, previous_end = "", 0
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if "\n" in text[previous_end : match.start()]:
            sentence_start = True  # a line's first word opens it as a sentence's does
        previous_end = match.end()
        bare = token.rstrip(".")
        lowered = re.sub(r"['’]s$", "", bare.lower())
        capitalised = bool(_CAPITALISED.fullmatch(bare)) and any(c.isalpha() for c in bare)
        if capitalised and any(c.isdigit() for c in bare):
            capitalised = False  # a code, not a name
        if capitalised and not run and _is_unit(bare, previous):
            capitalised = False  # "21 C", "5 PM": a unit, not a name (an initial inside one is kept)
        previous = token
        if capitalised and lowered not in _NOT_NAMES and lowered not in _MONTHS and lowered not in _WEEKDAYS:
            if not run:
                run_opens, run_span[0] = sentence_start, match.start()
            run.append(bare)
            run_span[1] = match.start() + len(bare)
        elif run and token.lower() in _JOINERS:
            run.append(token)
        else:
            close()
        if token != bare:  # "Rome." ends the name
            close()
        sentence_start = token in (".", "!", "?", ":", ";") or token != bare
    close()
    # An opener listed with the name after it ("Rome and Paris", "Rome, Paris") is one of the
    # names the message lists, not a word capitalised for its place.
    named = [
        noun
        for index, (noun, opens, _, end) in enumerate(found)
        if not opens or (index + 1 < len(found) and _LIST_JOINER.fullmatch(text[end : found[index + 1][2]].lower()))
    ]
    return named or [noun for noun, *_ in found]


def _is_unit(word: str, previous: str) -> bool:
    """A single letter ("21 C", "Plan B"), or two capitals right after a number ("5 PM",
    "3 GB"): a unit or a label, never a name on its own. Currency codes ("100 USD") stay names,
    so a conversion's ``from`` and ``to`` still take them."""
    if len(word) == 1:
        return True
    return len(word) == 2 and word.isupper() and bool(_NUMBER_TOKEN.fullmatch(previous))


@dataclass(frozen=True)
class Mentions:
    """What one message names, in the order it names them."""

    text: str
    quoted: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    names: tuple[str, ...] = ()

    @classmethod
    def of(cls, text: str) -> Mentions:
        """What ``text`` names (an agent loop sends the same message turn after turn: cached)."""
        return _mentions_of(text)

    @classmethod
    def read(cls, message: str) -> Mentions:
        # A tool's name quoted in an error ("Error executing tool 'get_weather' with ...") is no
        # value: blanked (offsets kept) before anything is read.
        text = _TOOL_NAME_QUOTED.sub(lambda match: match.group(1) + " " * len(match.group(2)), message)
        key_names, key_quotes = _key_names_given(text)
        quoted = [
            value
            for match in _QUOTED.finditer(text)
            for value in [next(g for g in match.groups() if g is not None).strip()]
            # A JSON key ("hero": ...), a key the reply is to have (with the keys "city" and
            # "summary") or a placeholder ("...") is not a value the user gave.
            if any(c.isalnum() for c in value)
            and not text[match.end() :].lstrip().startswith(":")
            and match.start() not in key_quotes
        ]
        emails = _unique(_EMAIL.findall(text))
        urls = _unique(_URL.findall(text))
        spelled = [(match.group(0), _iso(match)) for match in _SPELLED_DATE.finditer(text)]
        iso = [match.group(0) for match in _DATE.finditer(text) if _real_date(match.group(0)[:10])]
        dates = _unique([*iso, *(day for _, day in spelled if day)])
        # What is left once emails, URLs and dates are cut out gives codes, numbers and names.
        rest = text
        for taken in (*emails, *urls, *(m.group(0) for m in _DATE.finditer(text)), *(w for w, _ in spelled)):
            rest = rest.replace(taken, " ")
        rest = _TIME.sub(" ", rest)
        numbers = _unique(n.replace(",", "") for n in _NUMBER.findall(rest))
        codes = _unique([*_CODE.findall(rest), *(n for n in numbers if n.isdigit() and len(n) >= 3)])
        unquoted = _QUOTED.sub(" ", rest)
        names = _unique([*quoted, *(noun for noun in _proper_nouns(unquoted) if noun not in key_names)])
        return cls(message, tuple(quoted), *map(tuple, (emails, urls, dates, codes, numbers, names)))

    def values_for(self, name: str, schema: Mapping[str, Any], *, only_string: bool = False) -> list[Any]:
        """Every value the message names that fits the parameter ``name`` with ``schema``, in the
        message's order, each valid for the schema (empty when none fits)."""
        return [value for value in self._candidates(name, schema, only_string) if _fits(value, schema)]

    def asked_values_for(self, name: str, schema: Mapping[str, Any], *, only_string: bool = False) -> list[Any]:
        """The values the message itself names for the parameter: those of `values_for` but the
        whole message a search falls back to and a format's name ("formatted as valid Python"),
        neither of which asks for anything."""
        return [
            value
            for value in self.values_for(name, schema, only_string=only_string)
            if value != self.text.strip()[:500] and not (isinstance(value, str) and value.lower() in _FORMAT_NAMES)
        ]

    def listed(self, values: list[Any]) -> list[Any]:
        """The first of ``values`` and those that follow it as one list in the message ("Rome and
        in Tokyo", "Rome, Paris or Oslo"): several values for one parameter mean several calls
        only when the message lists them, not when it names them apart ("Ada from London")."""
        if len(values) < 2:
            return values
        lowered = self.text.lower()
        found = [value for value in values if str(value).lower() in lowered]
        if len(found) < 2:
            return values[:1]
        listed = [found[0]]
        end = lowered.index(str(found[0]).lower()) + len(str(found[0]))
        for value in found[1:]:
            start = lowered.find(str(value).lower(), end)
            if start < 0 or not _LIST_JOINER.fullmatch(lowered[end:start]):
                break
            listed.append(value)
            end = start + len(str(value))
        return listed

    def _candidates(self, name: str, schema: Mapping[str, Any], only_string: bool) -> list[Any]:
        kind = schema.get("type")
        if isinstance(kind, list):  # ["string", "null"]: the non-null type
            kind = next((k for k in kind if k != "null"), None)
        words = name_words(name)
        enum = schema.get("enum")
        if isinstance(enum, list) and enum:
            lowered = self.text.lower()
            return [
                value
                for value in enum
                if isinstance(value, str)
                and len(value) > 1
                and re.search(rf"(?<!\w){re.escape(value.lower())}(?!\w)", lowered)
            ]
        if kind in ("integer", "number"):
            numbers = [float(n) for n in self.numbers]
            if kind == "integer":
                return [int(n) for n in numbers if n.is_integer()]
            return [int(n) if n.is_integer() else n for n in numbers]
        if kind not in ("string", None) or self.text == "":
            return []
        fmt = schema.get("format")
        if fmt == "email" or "email" in words:
            return list(self.emails)
        if fmt in ("uri", "url") or any(w in ("url", "link", "website", "uri", "href") for w in words):
            return list(self.urls)
        if fmt == "date-time":
            return [d if "T" in d else d + "T00:00:00Z" for d in self.dates]
        if fmt == "date" or any(w.endswith(("date", "day")) for w in words):
            return [d[:10] for d in self.dates]
        if any(w in _CODES for w in words):
            return list(self.codes)
        if name.lower() in _SEARCHES or (words and words[-1] in ("query", "question")):
            return list(self.quoted) or [self.text.strip()[:500]]
        if any(w in _PROPER_NAMES for w in words) or only_string:
            return list(self.names)
        return list(self.quoted)


@lru_cache(maxsize=512)
def _mentions_of(text: str) -> Mentions:
    return Mentions.read(text)


# Keys that do not constrain a value: a schema with only these and a value of its type fits.
_NO_CONSTRAINT = frozenset({"type", "description", "title", "default", "examples"})
_PLAIN_TYPES: dict[str, type | tuple[type, ...]] = {"string": str, "integer": int, "number": (int, float)}


def _real_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _iso(match: re.Match[str]) -> str | None:
    """The ISO form of a spelled date (None for a day the month does not have)."""
    month, day, year = (match.group(1), match.group(2), match.group(3)) if match.group(1) else match.group(5, 4, 6)
    number = 1 + [m[:3] for m in _MONTHS].index(month[:3].lower())
    try:
        return datetime.date(int(year), number, int(day)).isoformat()
    except ValueError:
        return None


def _fits(value: Any, schema: Mapping[str, Any]) -> bool:
    kind = schema.get("type")
    plain = _PLAIN_TYPES.get(kind) if isinstance(kind, str) else None
    if plain is not None and isinstance(value, plain) and _NO_CONSTRAINT.issuperset(schema):
        return True  # the common case, without the validator's walk
    return schema_violation(value, dict(schema)) is None


def _unique(values: Any) -> list[str]:
    seen: list[str] = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen


def string_parameters(schema: Mapping[str, Any]) -> list[str]:
    """The names of an object schema's top-level string properties, in order."""
    properties = schema.get("properties")
    if not isinstance(properties, Mapping):
        return []
    return [key for key, value in properties.items() if isinstance(value, Mapping) and value.get("type") == "string"]


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
_KEY_WORDS = r"(?:keys?|fields?|properties|property|attributes?)"
_QUOTED_KEY = re.compile(r"[\"'`“]([A-Za-z_][A-Za-z0-9_]{0,63})[\"'`”]")
_KEY_LIST = re.compile(
    rf"\b{_KEY_WORDS}\b(?:\s+(?:named|called))?\s*:?\s*"
    r"([A-Za-z_]\w*(?:\s*(?:,\s*and|,|and|&)\s*[A-Za-z_]\w*)*)"
)
_NOT_KEYS = frozenset("a an the that which with for in to of and or is are be each every named called".split())


_SENTENCE_END = re.compile(r"(?<=[.!?\n])\s+")


def _sentences(text: str) -> list[tuple[int, str]]:
    """The sentences of ``text`` (cut after ``.``, ``!``, ``?`` or a line end), each with its offset."""
    found, start = [], 0
    for end in _SENTENCE_END.finditer(text):
        found.append((start, text[start : end.start()]))
        start = end.end()
    found.append((start, text[start:]))
    return found


def _listed_keys(sentence: str) -> list[str]:
    """The keys a sentence about keys or fields names: its quoted names, else a list after
    "keys" / "fields" ("with the fields name, country and population")."""
    if not re.search(rf"\b{_KEY_WORDS}\b", sentence, re.IGNORECASE):
        return []
    quoted = _QUOTED_KEY.findall(sentence)
    if quoted:
        return list(quoted)
    match = _KEY_LIST.search(sentence)
    if match is None:
        return []
    return [
        key
        for key in re.split(r"\s*(?:,\s*and|,|and|&)\s*", match.group(1))
        if _IDENTIFIER.fullmatch(key) and key.lower() not in _NOT_KEYS
    ]


def _key_names_given(text: str) -> tuple[frozenset[str], frozenset[int]]:
    """The key names a sentence about keys or fields gives, and where each quoted one's opening
    quote stands: a name given only as a key ("with the keys "city" and "summary"") names no
    value, so it is no mention for a key or a parameter to take."""
    names: set[str] = set()
    quotes: set[int] = set()
    for offset, sentence in _sentences(text):
        keys = _listed_keys(sentence)
        names.update(keys)
        if keys:
            quotes.update(offset + match.start() for match in _QUOTED_KEY.finditer(sentence))
    return frozenset(names), frozenset(quotes)


def named_keys(text: str) -> list[str]:
    """The keys a message asks a JSON object to have, in order (empty when it names none):
    the keys of a JSON object written in the message, else the quoted or backticked names in a
    sentence that speaks of keys or fields, else a list after "keys" / "fields" ("with the keys
    name, age and city")."""
    for start in [i for i, c in enumerate(text) if c == "{"]:
        depth = 0
        for end in range(start, len(text)):
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            if depth == 0:
                try:
                    example = json.loads(text[start : end + 1])
                except ValueError:
                    break
                if isinstance(example, dict) and example:
                    return [str(key) for key in example]
                break
    keys: list[str] = []
    for _, sentence in _sentences(text):
        keys.extend(key for key in _listed_keys(sentence) if key not in keys)
    return keys
