"""``_sim.text``: plausible English, exactly as long as asked, the same under the same seed."""

from __future__ import annotations

import random
import re

import pytest

from openai_fakes._sim import text as _text

_GLUE = {
    "the",
    "a",
    "an",
    "of",
    "to",
    "is",
    "and",
    "you",
    "for",
    "in",
    "by",
    "if",
    "it",
    "which",
    "then",
    "our",
    "this",
    "that",
    "with",
    "on",
    "be",
    "can",
    "will",
    "me",
    "i",
    "would",
}


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z']+", text)


def _is_word(word: str) -> bool:
    return bool(re.fullmatch(r"I|[A-Z]?[a-z']+", word)) and bool(re.search(r"[aeiouy]", word.lower()))


def test_sentences_read_like_prose() -> None:
    rng = random.Random(1)
    for _ in range(500):
        text = _text.sentence(rng)
        assert text[0].isupper() and text.endswith(".") and text.count(".") == 1
        words = _words(text)
        assert 3 <= len(words) <= 30
        assert all(_is_word(w) for w in words), text
        assert _GLUE & {w.lower() for w in words}, text
        assert "lorem" not in text.lower() and "ipsum" not in text.lower()
        assert "  " not in text and " ," not in text and " ." not in text


def test_sentences_vary() -> None:
    rng = random.Random(2)
    sentences = {_text.sentence(rng) for _ in range(300)}
    assert len(sentences) > 290


def test_paragraph_has_the_number_of_sentences_asked() -> None:
    rng = random.Random(3)
    for count in (1, 2, 3, 5):
        text = _text.paragraph(rng, sentences=count)
        assert text.count(".") == count
    assert _text.paragraph(rng).count(".") == 3


@pytest.mark.parametrize("seed", range(40))
def test_words_gives_exactly_n_natural_words(seed: int) -> None:
    rng = random.Random(seed)
    for n in range(0, 61):
        text = _text.words(rng, n)
        assert len(text.split()) == n, (n, text)
        assert all(_is_word(w) for w in _words(text)), text
        if n >= 4:  # whole sentences from four words up
            assert text[0].isupper() and text.endswith(".")
        elif n:
            assert text == text.lower() and not text.endswith(".")


def test_title_is_a_short_name_like_phrase() -> None:
    rng = random.Random(4)
    for _ in range(200):
        title = _text.title(rng)
        words = title.split()
        assert 2 <= len(words) <= 6
        assert title[0].isupper() and title[1:] == title[1:].lower() and not title.endswith(".")
        assert all(_is_word(w) for w in words)


def test_helpers_give_plausible_values() -> None:
    rng = random.Random(5)
    for _ in range(50):
        assert re.fullmatch(r"[a-z]+\.[a-z]+@example\.(com|org|net)", _text.email(rng))
        assert re.fullmatch(r"https://[a-z.]+/[a-z]+/[a-z]+(\.png)?", _text.url(rng, rng.choice([None, "png"])))
        assert re.fullmatch(r"[a-z]+-[a-z]+\.[a-z]+", _text.filename(rng))
        assert re.fullmatch(r"[a-z]+(_[a-z]+)+", _text.identifier(rng))
        assert re.fullmatch(r"[A-Z][a-z]+ [A-Z][a-z]+", _text.person_name(rng))
        assert _text.instructions(rng).startswith("You are ")


def test_same_seed_same_text_and_no_global_random() -> None:
    def draw(seed: int) -> list[str]:
        rng = random.Random(seed)
        return [_text.sentence(rng), _text.paragraph(rng), _text.words(rng, 17), _text.title(rng), _text.words(rng, 2)]

    random.seed(7)
    state = random.getstate()
    assert draw(11) == draw(11)
    assert draw(11) != draw(12)
    assert random.getstate() == state  # only the rng passed in is drawn from
