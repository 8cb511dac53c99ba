"""Moderation results, as ``POST /moderations`` answers them (the handler is ``handlers.moderations``).

An input is flagged for a category when it contains one of that category's keywords (``KEYWORDS``,
whole words, any case); a sub-category also flags its parent (``violence/graphic`` flags
``violence``) and threats flag ``violence``. Image inputs are "seen" through their URL, so
``https://example.com/gore.png`` is graphic violence, and only the categories the API checks on
images (self-harm, sexual, violence and their sub-categories) apply to them.

Scores agree with the flags: a flagged category scores 0.5-0.99, the others a small number
(1e-6-0.02) spread the way real scores are, both drawn from a hash of the model and the input, so
the same input always gets the same result. One result per string; a list of text and image parts
is one input with one result (docs/api-behaviour.md, Moderations).
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Sequence
from typing import Any

KEYWORDS: dict[str, tuple[str, ...]] = {
    "harassment": ("idiot", "moron", "loser", "worthless", "pathetic"),
    "harassment/threatening": ("watch your back", "i will find you", "kill you"),
    "hate": ("hate speech", "subhuman", "inferior race"),
    "hate/threatening": ("exterminate them", "wipe them out"),
    "illicit": ("shoplift", "shoplifting", "launder money", "counterfeit", "hotwire"),
    "illicit/violent": ("build a bomb", "make a bomb", "untraceable gun"),
    "self-harm": ("self-harm", "self harm", "hurt myself", "cut myself"),
    "self-harm/intent": ("kill myself", "end my life", "want to die"),
    "self-harm/instructions": ("how to overdose", "ways to self-harm"),
    "sexual": ("porn", "nude", "explicit sex"),
    "sexual/minors": ("underage sex",),
    "violence": ("murder", "stab", "shoot", "beat him up", "torture"),
    "violence/graphic": ("gore", "gory", "dismember", "mutilated", "blood everywhere"),
}
"""The words that flag each category (documented in docs/moderations.md)."""

CATEGORIES = tuple(KEYWORDS)
_IMAGE_CATEGORIES = frozenset(
    {"self-harm", "self-harm/intent", "self-harm/instructions", "sexual", "violence", "violence/graphic"}
)
_LEGACY_ABSENT = frozenset({"illicit", "illicit/violent"})  # text-moderation-00x has 11 categories
_ALSO_FLAGS = {"harassment/threatening": ("harassment", "violence"), "hate/threatening": ("hate", "violence")}
_PATTERNS = {
    category: re.compile("|".join(rf"(?<!\w){re.escape(word)}(?!\w)" for word in words), re.IGNORECASE)
    for category, words in KEYWORDS.items()
}


def flagged_categories(text: str, images: Sequence[str] = ()) -> set[str]:
    """The categories ``text`` (and the image URLs) are flagged for, parents included."""
    found = {c for c in CATEGORIES if _PATTERNS[c].search(text)}
    for url in images:
        found |= {c for c in _IMAGE_CATEGORIES if _PATTERNS[c].search(url.replace("_", " ").replace("-", " "))}
    for category in list(found):
        if "/" in category:
            found.add(category.split("/")[0])
        found.update(_ALSO_FLAGS.get(category, ()))
    return found


def moderation_result(model: str, text: str, images: list[str], legacy: bool) -> dict[str, Any]:
    flags = flagged_categories(text, images)
    seed = hashlib.sha256(f"{model}\x00{text}\x00{chr(0).join(images)}".encode()).digest()
    rng = random.Random(int.from_bytes(seed[:8], "big"))
    has_text, has_image = bool(text) or not images, bool(images)
    categories: dict[str, Any] = {}
    scores: dict[str, float] = {}
    applied: dict[str, list[str]] = {}
    for category in CATEGORIES:
        kinds = (["text"] if has_text else []) + (["image"] if has_image and category in _IMAGE_CATEGORIES else [])
        absent = legacy and category in _LEGACY_ABSENT
        # Draw for every category, in a fixed order, so that one flag does not shift the others.
        high, low = 0.5 + 0.49 * rng.random(), 10 ** rng.uniform(-6, -1.7)
        applied[category] = [] if absent else kinds
        categories[category] = None if absent else category in flags
        scores[category] = 0.0 if absent or not kinds else (high if category in flags else low)
    for child, score in list(scores.items()):
        parent = child.split("/")[0]
        if "/" in child and categories[parent]:
            scores[parent] = max(scores[parent], score)  # a parent is at least as likely as its child
    return {
        "flagged": any(categories[c] for c in CATEGORIES),
        "categories": categories,
        "category_scores": scores,
        "category_applied_input_types": applied,
    }
