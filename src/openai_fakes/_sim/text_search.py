"""Text search over file contents, as a vector store's ``search`` needs it: pure functions.

* `file_text`: the text a file holds (UTF-8 text; anything else holds none for this fake).
* `chunk`: the API's static chunking (``max_chunk_size_tokens`` with ``chunk_overlap_tokens`` of
  overlap), counted with the package's token estimate and cut between words, so every chunk is a
  verbatim slice of the text.
* `rank`: tf-idf cosine similarity between the query and each chunk, over lower-cased word
  tokens less common English stop words, with a plain plural fold ("files" matches "file"). The
  score is in [0, 1]: 1 for a chunk whose words are exactly the query's, 0 for no shared word.
* `matches`: the attribute filters of the API (``eq``... ``nin``, nested ``and`` / ``or``).

A real vector store ranks by embeddings; a fake that ranks by shared words is predictable in a
test ("the chunk that names the refund policy comes first") and needs no model.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .tokens import text_tokens

DEFAULT_CHUNK_TOKENS = 800
DEFAULT_OVERLAP_TOKENS = 400

_WORD = re.compile(r"\S+")
_TERM = re.compile(r"[^\W_]+")
_STOP_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had
    has have having he her here hers herself him himself his how i if in into is it its itself just
    me more most my myself no nor not now of off on once only or other our ours ourselves out over
    own same she should so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours yourself yourselves""".split()
)


def file_text(content: bytes) -> str | None:
    """The text of a file, or ``None`` for bytes that are not UTF-8 text (PDFs, images...)."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return None if "\x00" in text else text


def chunk(text: str, max_tokens: int = DEFAULT_CHUNK_TOKENS, overlap_tokens: int = DEFAULT_OVERLAP_TOKENS) -> list[str]:
    """Consecutive slices of ``text`` of at most ``max_tokens`` (a longer single word is a chunk of
    its own), each starting ``overlap_tokens`` before the previous one ended."""
    words = [(m.start(), m.end(), text_tokens(m.group())) for m in _WORD.finditer(text)]
    chunks: list[str] = []
    start = 0
    while start < len(words):
        end, used = start, 0
        while end < len(words) and (end == start or used + words[end][2] <= max_tokens):
            used += words[end][2]
            end += 1
        chunks.append(text[words[start][0] : words[end - 1][1]])
        if end == len(words):
            break
        # Step back over the overlap, but always move forward.
        back, kept = end, 0
        while back - 1 > start and kept + words[back - 1][2] <= overlap_tokens:
            back -= 1
            kept += words[back][2]
        start = back
    return chunks


def terms(text: str) -> list[str]:
    """The words search compares: lower case, no stop words, plurals folded."""
    found = []
    for word in _TERM.findall(text.casefold()):
        if word in _STOP_WORDS:
            continue
        found.append(_fold(word))
    return found


def _fold(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def rewrite(query: str) -> str:
    """A query as the API's ``rewrite_query`` would send it to search: its content words only."""
    return " ".join(word for word in _TERM.findall(query.casefold()) if word not in _STOP_WORDS)


@dataclass(frozen=True)
class Scored:
    index: int
    """Position of the chunk in the list given to `rank`."""
    score: float


def rank(query: str, chunks: Sequence[str]) -> list[Scored]:
    """Chunks sharing a word with ``query``, best first (ties keep the given order), scored by
    tf-idf cosine similarity rounded to 4 places."""
    if not chunks:
        return []
    bags = [Counter(terms(text)) for text in chunks]
    frequency: Counter[str] = Counter()
    for bag in bags:
        frequency.update(bag.keys())
    total = len(bags)
    # Smoothed idf: a word in every chunk still counts a little, so a one-file store can rank.
    idf = {word: math.log((1 + total) / (1 + count)) + 1 for word, count in frequency.items()}
    wanted = Counter(terms(query))
    query_vector = {word: count * idf[word] for word, count in wanted.items() if word in idf}
    query_norm = _norm(query_vector.values())
    if not query_norm:
        return []
    found = []
    for index, bag in enumerate(bags):
        shared = query_vector.keys() & bag.keys()
        if not shared:
            continue
        dot = sum(query_vector[word] * bag[word] * idf[word] for word in shared)
        chunk_norm = _norm(count * idf[word] for word, count in bag.items())
        found.append(Scored(index, round(min(1.0, dot / (query_norm * chunk_norm)), 4)))
    found.sort(key=lambda scored: (-scored.score, scored.index))
    return found


def _norm(values: Iterable[float]) -> float:
    return math.sqrt(sum(value * value for value in values))


def matches(attributes: Mapping[str, Any] | None, condition: Mapping[str, Any]) -> bool:
    """Whether an object's ``attributes`` pass a filter. A missing attribute passes no comparison;
    values of different kinds are never ordered (a string is not ``gt`` a number)."""
    kind = condition.get("type")
    if kind in ("and", "or"):
        parts = [matches(attributes, part) for part in condition.get("filters") or () if isinstance(part, Mapping)]
        return all(parts) if kind == "and" else any(parts)
    key = condition.get("key")
    values = attributes or {}
    if not isinstance(key, str) or key not in values:
        return False
    have, want = values[key], condition.get("value")
    if kind == "eq":
        return bool(have == want)
    if kind == "ne":
        return bool(have != want)
    if kind in ("in", "nin"):
        inside = isinstance(want, (list, tuple)) and have in want
        return inside if kind == "in" else not inside
    if not _comparable(have, want):
        return False
    if kind == "gt":
        return bool(have > want)
    if kind == "gte":
        return bool(have >= want)
    if kind == "lt":
        return bool(have < want)
    if kind == "lte":
        return bool(have <= want)
    return False


def _comparable(a: Any, b: Any) -> bool:
    numbers = (int, float)
    if isinstance(a, bool) or isinstance(b, bool):
        return False
    return (isinstance(a, numbers) and isinstance(b, numbers)) or (isinstance(a, str) and isinstance(b, str))


FILTER_TYPES = ("eq", "ne", "gt", "gte", "lt", "lte", "in", "nin", "and", "or")
