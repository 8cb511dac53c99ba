"""Plausible English from a seeded ``random.Random``: the prose an assistant would write.

Replies must read like real answers, not lorem ipsum (docs/how-it-works.md, What a reply promises), and be the same under the
same seed (§3.5). So text comes from a small hand-written grammar: a few sentence shapes filled
from word banks of one domain (reports, projects, data, releases), which keeps the sentences
coherent enough to pass for an assistant's reply.

Every function draws only from the ``rng`` it is given, in a fixed order, and costs a few
microseconds (they sit on the fake's per-call path).
"""

from __future__ import annotations

import random
from collections.abc import Callable

# --- word banks ----------------------------------------------------------------------------

# (singular, plural)
_NOUNS: tuple[tuple[str, str], ...] = (
    ("report", "reports"),
    ("summary", "summaries"),
    ("dataset", "datasets"),
    ("schedule", "schedules"),
    ("budget", "budgets"),
    ("forecast", "forecasts"),
    ("meeting", "meetings"),
    ("proposal", "proposals"),
    ("invoice", "invoices"),
    ("contract", "contracts"),
    ("release", "releases"),
    ("dashboard", "dashboards"),
    ("pipeline", "pipelines"),
    ("request", "requests"),
    ("query", "queries"),
    ("service", "services"),
    ("feature", "features"),
    ("document", "documents"),
    ("spreadsheet", "spreadsheets"),
    ("timeline", "timelines"),
    ("milestone", "milestones"),
    ("estimate", "estimates"),
    ("survey", "surveys"),
    ("review", "reviews"),
    ("policy", "policies"),
    ("workflow", "workflows"),
    ("deployment", "deployments"),
    ("migration", "migrations"),
    ("backup", "backups"),
    ("configuration", "configurations"),
    ("account", "accounts"),
    ("order", "orders"),
    ("shipment", "shipments"),
    ("campaign", "campaigns"),
    ("experiment", "experiments"),
    ("benchmark", "benchmarks"),
    ("test", "tests"),
    ("draft", "drafts"),
    ("checklist", "checklists"),
    ("outline", "outlines"),
    ("article", "articles"),
    ("presentation", "presentations"),
    ("template", "templates"),
    ("analysis", "analyses"),
    ("strategy", "strategies"),
    ("inventory", "inventories"),
    ("category", "categories"),
    ("entry", "entries"),
    ("process", "processes"),
    ("metric", "metrics"),
    ("result", "results"),
    ("record", "records"),
    ("customer", "customers"),
    ("ticket", "tickets"),
    ("section", "sections"),
    ("chart", "charts"),
    ("table", "tables"),
    ("roadmap", "roadmaps"),
    ("plan", "plans"),
    ("goal", "goals"),
)

# Nouns that name the kind of document in a title: "Quarterly sales summary".
_DOC_NOUNS: tuple[str, ...] = (
    "summary",
    "report",
    "plan",
    "review",
    "notes",
    "checklist",
    "overview",
    "proposal",
    "roadmap",
    "analysis",
    "update",
    "guide",
    "brief",
    "forecast",
    "retrospective",
    "timeline",
)

_TOPICS: tuple[str, ...] = (
    "sales",
    "marketing",
    "onboarding",
    "hiring",
    "security",
    "product",
    "customer",
    "support",
    "budget",
    "travel",
    "infrastructure",
    "release",
    "pricing",
    "research",
    "training",
    "inventory",
    "design",
    "quality",
    "compliance",
    "partner",
    "data",
    "launch",
)

# Adjectives that take "a": none start with a vowel letter, or all would need "an".
_ADJECTIVES: tuple[str, ...] = (
    "weekly",
    "quarterly",
    "final",
    "current",
    "updated",
    "detailed",
    "short",
    "main",
    "new",
    "previous",
    "internal",
    "shared",
    "overall",
    "recent",
    "initial",
    "annual",
    "monthly",
    "complete",
    "original",
    "revised",
    "simple",
    "reliable",
    "clear",
    "small",
    "larger",
    "local",
    "secure",
    "public",
    "early",
    "daily",
    "standard",
    "custom",
    "minor",
    "major",
    "average",
    "key",
    "manual",
    "existing",
    "default",
    "approved",
    "pending",
    "regional",
    "global",
    "upcoming",
    "combined",
    "preliminary",
    "proposed",
    "consolidated",
)

# (third person singular, base, gerund)
_VERBS: tuple[tuple[str, str, str], ...] = (
    ("shows", "show", "showing"),
    ("improves", "improve", "improving"),
    ("reduces", "reduce", "reducing"),
    ("covers", "cover", "covering"),
    ("includes", "include", "including"),
    ("highlights", "highlight", "highlighting"),
    ("summarizes", "summarize", "summarizing"),
    ("explains", "explain", "explaining"),
    ("describes", "describe", "describing"),
    ("supports", "support", "supporting"),
    ("simplifies", "simplify", "simplifying"),
    ("tracks", "track", "tracking"),
    ("compares", "compare", "comparing"),
    ("updates", "update", "updating"),
    ("reviews", "review", "reviewing"),
    ("confirms", "confirm", "confirming"),
    ("outlines", "outline", "outlining"),
    ("lists", "list", "listing"),
    ("measures", "measure", "measuring"),
    ("handles", "handle", "handling"),
    ("replaces", "replace", "replacing"),
    ("extends", "extend", "extending"),
    ("clarifies", "clarify", "clarifying"),
    ("organizes", "organize", "organizing"),
    ("validates", "validate", "validating"),
    ("estimates", "estimate", "estimating"),
    ("affects", "affect", "affecting"),
    ("requires", "require", "requiring"),
)

_OPENERS: tuple[str, ...] = (
    "In short,",
    "Overall,",
    "For example,",
    "In practice,",
    "As a result,",
    "To be clear,",
    "Fortunately,",
    "In most cases,",
    "At the moment,",
    "Based on the data,",
    "Put simply,",
    "On balance,",
    "By comparison,",
    "In general,",
    "So far,",
    "Right now,",
)

_TAILS: tuple[str, ...] = (
    "for the next release",
    "over the last quarter",
    "across all regions",
    "in the final version",
    "by the end of the week",
    "without extra cost",
    "with fewer errors",
    "for most users",
    "in the shared folder",
    "before the deadline",
    "after the migration",
    "during peak hours",
    "at a lower cost",
    "on a weekly basis",
    "in the appendix",
    "for the whole team",
    "in the next sprint",
    "since the last update",
)

_TAILS_OF_3: tuple[str, ...] = tuple(t for t in _TAILS if t.count(" ") == 2)

_ADVERBS: tuple[str, ...] = (
    "today",
    "again",
    "overall",
    "quickly",
    "already",
    "clearly",
    "now",
    "easily",
    "safely",
)

_SHORT_SENTENCES: dict[int, tuple[str, ...]] = {
    1: ("Done.", "Sure.", "Thanks.", "Agreed.", "Certainly.", "Understood."),
    2: ("Sounds good.", "Thank you.", "Good question.", "Happy to.", "Of course.", "Great idea."),
    3: (
        "That should work.",
        "Happy to help.",
        "Hope this helps.",
        "Let me explain.",
        "Here it is.",
        "That makes sense.",
    ),
}

_PEOPLE_FIRST: tuple[str, ...] = (
    "Maria",
    "James",
    "Aisha",
    "Daniel",
    "Chen",
    "Sofia",
    "Lucas",
    "Priya",
    "Noah",
    "Elena",
    "Omar",
    "Hannah",
    "Mateo",
    "Yuki",
    "Grace",
    "Samuel",
    "Amara",
    "Leo",
    "Nina",
    "Ivan",
)
_PEOPLE_LAST: tuple[str, ...] = (
    "Lopez",
    "Smith",
    "Khan",
    "Miller",
    "Wang",
    "Rossi",
    "Silva",
    "Patel",
    "Brown",
    "Novak",
    "Haddad",
    "Schmidt",
    "Garcia",
    "Tanaka",
    "Okafor",
    "Johnson",
    "Dubois",
    "Larsen",
    "Kim",
)

_VOWEL_SOUND_EXCEPTIONS = frozenset({"user", "useful", "unique", "usual", "unit", "one", "european"})


def _article(word: str) -> str:
    if word[0] in "aeiou" and word not in _VOWEL_SOUND_EXCEPTIONS:
        return "an"
    return "a"


# --- noun phrases --------------------------------------------------------------------------


def _noun_phrase(rng: random.Random, length: int) -> list[str]:
    """A noun phrase of exactly ``length`` words (1-4): "reports", "the weekly report", ..."""
    sing, plural = rng.choice(_NOUNS)
    if length <= 1:
        return [plural]
    if length == 2:
        pick = rng.random()
        if pick < 0.5:
            return ["the", sing]
        return [rng.choice(_ADJECTIVES), plural]
    adj = rng.choice(_ADJECTIVES)
    if length == 3:
        pick = rng.random()
        if pick < 0.6:
            return ["the", adj, sing]
        if pick < 0.8:
            return [_article(adj), adj, sing]
        return ["our", adj, plural]
    if rng.random() < 0.3:
        return ["the", sing, "of", rng.choice(_NOUNS)[1]]
    return ["the", adj, rng.choice(_TOPICS), sing]


def _object(rng: random.Random) -> list[str]:
    return _noun_phrase(rng, rng.choice((2, 3, 3, 3, 4)))


def _subject(rng: random.Random) -> list[str]:
    """A singular subject, so verbs take their -s form."""
    sing, _ = rng.choice(_NOUNS)
    pick = rng.random()
    if pick < 0.45:
        return ["the", sing]
    if pick < 0.75:
        return ["the", rng.choice(_ADJECTIVES), sing]
    if pick < 0.9:
        return [rng.choice(("this", "each", "our")), sing]
    return [rng.choice(("this approach", "the team", "this change", "the new version"))]


# --- sentences -----------------------------------------------------------------------------


def _s_statement(rng: random.Random) -> list[str]:
    words: list[str] = []
    if rng.random() < 0.3:
        words.append(rng.choice(_OPENERS))
    words += _subject(rng)
    words.append(rng.choice(_VERBS)[0])
    words += _object(rng)
    if rng.random() < 0.4:
        words.append(rng.choice(_TAILS))
    return words


def _s_you_can(rng: random.Random) -> list[str]:
    return ["You can", rng.choice(_VERBS)[1], *_object(rng), "by", rng.choice(_VERBS)[2], *_object(rng)]


def _s_worth(rng: random.Random) -> list[str]:
    head = [rng.choice(_OPENERS), "it is"] if rng.random() < 0.5 else ["It is"]
    return [*head, "worth", rng.choice(_VERBS)[2], *_object(rng), "before", rng.choice(_VERBS)[2], *_object(rng)]


def _s_here_is(rng: random.Random) -> list[str]:
    size = rng.choice(("a short", "a brief", "a quick", "an updated", "a detailed"))
    kind = rng.choice(("summary", "overview", "outline", "breakdown", "comparison"))
    return ["Here is", size, kind, "of", *_object(rng)]


def _s_which(rng: random.Random) -> list[str]:
    words = [*_subject(rng), rng.choice(_VERBS)[0], *_object(rng)]
    words[-1] += ","
    return [*words, "which", rng.choice(_VERBS)[0], *_object(rng)]


def _s_if_you(rng: random.Random) -> list[str]:
    words = ["If you", rng.choice(_VERBS)[1], *_object(rng)]
    words[-1] += ","
    words += [*_subject(rng), rng.choice(("should", "will", "can")), rng.choice(_VERBS)[1], *_object(rng)]
    return words


def _s_reason(rng: random.Random) -> list[str]:
    kind = rng.choice(("reason", "benefit", "advantage", "risk", "difference", "concern"))
    return ["The main", kind, "is that", *_subject(rng), rng.choice(_VERBS)[0], *_object(rng)]


def _s_let_me_know(rng: random.Random) -> list[str]:
    what = rng.choice(("more detail", "a shorter version", "an example", "a full breakdown", "a draft"))
    return ["Let me know if you would like", what, rng.choice(("on", "about", "for")), *_object(rng)]


def _s_recommend(rng: random.Random) -> list[str]:
    first = ["I recommend", rng.choice(_VERBS)[2], *_object(rng)]
    first[-1] += " first,"
    return [*first, "then", rng.choice(_VERBS)[2], *_object(rng)]


def _s_most(rng: random.Random) -> list[str]:
    who = rng.choice(("teams", "users", "customers", "readers", "reviewers"))
    verb = rng.choice(("find", "prefer", "need", "expect", "use"))
    words = ["Most", who, verb, *_object(rng)]
    if rng.random() < 0.5:
        words.append(rng.choice(_TAILS))
    return words


_SHAPES: tuple[Callable[[random.Random], list[str]], ...] = (
    _s_statement,
    _s_statement,
    _s_statement,
    _s_you_can,
    _s_worth,
    _s_here_is,
    _s_which,
    _s_if_you,
    _s_reason,
    _s_let_me_know,
    _s_recommend,
    _s_most,
)


def _finish(words: list[str]) -> str:
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def sentence(rng: random.Random) -> str:
    """One sentence of assistant-style prose, capitalised and ending in a full stop."""
    return _finish(rng.choice(_SHAPES)(rng))


def paragraph(rng: random.Random, sentences: int = 3) -> str:
    """``sentences`` sentences joined into one paragraph."""
    return " ".join(sentence(rng) for _ in range(max(1, sentences)))


def _fitted_sentence(rng: random.Random, n: int) -> str:
    """A sentence of exactly ``n`` words (1 <= n <= 10)."""
    if n <= 3:
        return rng.choice(_SHORT_SENTENCES[n])
    # subject (2-3) + verb (1) + object (1-4) [+ adverb (1) | tail (3)]
    subject_len = 3 if n >= 7 else 2
    rest = n - subject_len - 1
    ending: list[str] = []
    if rest >= 6:
        ending = [rng.choice(_TAILS_OF_3)]
        rest -= 3
    if rest == 5 or (1 < rest <= 4 and not ending and rng.random() < 0.25):
        ending = [rng.choice(_ADVERBS)]
        rest -= 1
    sing, _ = rng.choice(_NOUNS)
    subject = ["the", sing] if subject_len == 2 else ["the", rng.choice(_ADJECTIVES), sing]
    return _finish([*subject, rng.choice(_VERBS)[0], *_noun_phrase(rng, rest), *ending])


def _count(text: str) -> int:
    return text.count(" ") + 1


def words(rng: random.Random, n: int) -> str:
    """Exactly ``n`` words (whitespace-separated) that read naturally.

    Up to three words give a lower-case noun phrase ("weekly report"); four or more give whole
    sentences whose word count adds up to ``n``.
    """
    if n <= 0:
        return ""
    if n <= 3:
        return " ".join(_noun_phrase(rng, n))
    parts: list[str] = []
    left = n
    while left > 0:
        if left <= 10:
            parts.append(_fitted_sentence(rng, left))
            break
        text = sentence(rng)
        size = _count(text)
        # Keep a full sentence only where what is left after it can still be fitted nicely.
        if size <= left - 4 or size == left:
            parts.append(text)
            left -= size
        else:
            take = min(left - 4, 10)
            parts.append(_fitted_sentence(rng, take))
            left -= take
    return " ".join(parts)


def title(rng: random.Random) -> str:
    """A short name-like phrase in sentence case: "Quarterly sales summary"."""
    pick = rng.random()
    if pick < 0.5:
        text = f"{rng.choice(_ADJECTIVES)} {rng.choice(_TOPICS)} {rng.choice(_DOC_NOUNS)}"
    elif pick < 0.8:
        text = f"{rng.choice(_TOPICS)} {rng.choice(_DOC_NOUNS)}"
    else:
        text = f"{rng.choice(_DOC_NOUNS)} for the {rng.choice(_TOPICS)} team"
    return text[0].upper() + text[1:]


def instructions(rng: random.Random) -> str:
    """A system-prompt style instruction: "You are a helpful assistant that ..."."""
    role = rng.choice(("a helpful assistant", "a concise analyst", "a friendly support agent", "an expert editor"))
    verb = rng.choice(_VERBS)[1]
    style = rng.choice(
        (
            "Keep answers short and clear.",
            "Use plain language.",
            "Answer in a friendly tone.",
            "Cite the source document when possible.",
        )
    )
    return f"You are {role} who helps users {verb} {' '.join(_object(rng))}. {style}"


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(_PEOPLE_FIRST)} {rng.choice(_PEOPLE_LAST)}"


def email(rng: random.Random) -> str:
    first, last = rng.choice(_PEOPLE_FIRST).lower(), rng.choice(_PEOPLE_LAST).lower()
    return f"{first}.{last}@{rng.choice(('example.com', 'example.org', 'example.net'))}"


def slug(rng: random.Random, n: int = 2) -> str:
    """Lower-case words joined by hyphens: "weekly-report"."""
    return "-".join(_noun_phrase(rng, n)).replace(" ", "-")


def filename(rng: random.Random, extension: str | None = None) -> str:
    ext = extension or rng.choice(("pdf", "txt", "md", "csv", "jsonl", "docx", "png"))
    return f"{rng.choice(_TOPICS)}-{rng.choice(_DOC_NOUNS)}.{ext}"


def url(rng: random.Random, extension: str | None = None) -> str:
    host = rng.choice(("example.com", "docs.example.com", "files.example.org", "www.example.net"))
    path = f"{rng.choice(_TOPICS)}/{rng.choice(_DOC_NOUNS)}"
    if extension:
        path += f".{extension}"
    return f"https://{host}/{path}"


def identifier(rng: random.Random) -> str:
    """A snake_case name for a function or key: "get_weekly_report"."""
    verb = rng.choice(("get", "list", "create", "update", "search", "fetch", "send", "find"))
    return (
        f"{verb}_{rng.choice(_ADJECTIVES)}_{rng.choice(_NOUNS)[0]}"
        if rng.random() < 0.3
        else f"{verb}_{rng.choice(_NOUNS)[0]}"
    )
