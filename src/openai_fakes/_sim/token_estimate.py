"""A token count close to tiktoken's, without tiktoken: one regular-expression pass, no vocabulary.

tiktoken first cuts text into pieces (a word with the space or mark before it, a run of up to
three digits, a run of punctuation, a run of whitespace) and then merges each piece's bytes into
the tokens of its vocabulary. Common English words are one token; rare words, words in a URL or
after other punctuation, German words and Japanese text are several. The estimate cuts text
the same way and stands for the merging with a number of letters (or marks) a token covers,
per kind of piece: each match of the pattern is one token.

The numbers were fitted to the real counts of a corpus of English, code, JSON, URLs, German and
Japanese, and checked on a second corpus not used for fitting; the tests keep the first corpus
with its real counts, and docs/token-counts.md gives the accuracy per kind of text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import NamedTuple


class Rates(NamedTuple):
    """How many characters one token covers, by kind of piece."""

    word: int
    """Letters of a word after a space or at the start (English words up to 11 letters are mostly
    one token; longer ones split)."""
    word_accented: int
    """The same in a text that has accented Latin letters (German and the like): their words are
    rarer in the vocabulary and split sooner, unaccented words included."""
    after_mark: int
    """Letters of a word right after punctuation (``.com``, ``/docs``, ``-started``, ``_id``)."""
    punctuation: int
    """Punctuation marks (``{"``, ``"],``, ``();``)."""
    hiragana: int
    katakana: int
    kanji: int


RATES = {
    "o200k_base": Rates(word=11, word_accented=5, after_mark=5, punctuation=3, hiragana=3, katakana=2, kanji=1),
    # cl100k has fewer tokens for non-English text: each kana and kanji is a token or more, and
    # accented words split sooner still.
    "cl100k_base": Rates(word=11, word_accented=4, after_mark=5, punctuation=3, hiragana=1, katakana=1, kanji=1),
}

_KANA_AND_KANJI = "\u3040-\u30ff\u3400-\u9fff"
_ACCENTED = re.compile("[\u00c0-\u024f]")
"""Latin-1 Supplement and Latin Extended-A/B: ä, ö, ü, ß, é, ñ, ł, …"""


@cache
def _pattern(rates: Rates, word: int, ascii_only: bool) -> re.Pattern[str]:
    # Lower-case (or caseless) letters: every letter but A-Z and the Japanese scripts.
    lower = "[a-z]" if ascii_only else rf"[^\W\d_A-Z{_KANA_AND_KANJI}]"
    japanese = (
        ""
        if ascii_only
        else (
            rf"|[\u3040-\u309f]{{1,{rates.hiragana}}}"
            rf"|[\u30a0-\u30ff]{{1,{rates.katakana}}}"
            rf"|[\u3400-\u9fff]{{1,{rates.kanji}}}"
        )
    )
    return re.compile(
        # A word, or the next chunk of a long one, with the space before it; capitals start a new
        # piece, as in tiktoken's o200k cut ("userId" is "user" + "Id").
        rf"[^\S\r\n]?[A-Z]*{lower}{{1,{word}}}"
        # A word right after one punctuation mark, which it takes along (".com", "/docs").
        rf"|(?:[^\s\w]|_)[A-Z]*{lower}{{1,{rates.after_mark}}}"
        # A run of capitals ("SELECT", "README").
        rf"|(?:[^\r\n\w]|_)?[A-Z]{{1,{word}}}"
        rf"{japanese}"
        # Numbers in runs of up to three digits, as tiktoken cuts them.
        r"|\d{1,3}"
        # Punctuation, with the space before it and the line breaks or slashes after it.
        rf"| ?(?:[^\s\w]|_){{1,{rates.punctuation}}}[\r\n/]*"
        # Line breaks; spaces not followed by a word (the last space goes with the word).
        r"|\s*[\r\n]+|\s+(?!\S)|\s+"
    )


def estimator(encoding: str) -> Callable[[str], int]:
    """The estimate for ``encoding`` (``o200k_base`` or ``cl100k_base``; any other name gets
    o200k's rates): a function from a text to its estimated token count."""
    rates = RATES.get(encoding, RATES["o200k_base"])
    ascii_words = _pattern(rates, rates.word, ascii_only=True).findall
    accented = _ACCENTED.search

    def estimate(text: str) -> int:
        if text.isascii():  # most prompts: the smaller pattern is faster
            return len(ascii_words(text))
        # The Unicode patterns take ~2.5 ms each to compile (their letter classes span Unicode):
        # compiled at the first text that needs one, so a suite of ASCII prompts never pays it.
        word = rates.word_accented if accented(text) else rates.word
        return len(_pattern(rates, word, ascii_only=False).findall(text))

    return estimate
