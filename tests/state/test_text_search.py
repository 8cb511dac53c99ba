"""The pure text search behind vector store search: chunking, ranking, filters."""

from __future__ import annotations

from openai_fakes import FakeOpenAI
from openai_fakes._sim.text_search import chunk, file_text, matches, rank, rewrite, terms
from openai_fakes.handlers.vector_stores._search import search


def test_chunks_are_verbatim_slices_with_the_asked_overlap() -> None:
    text = "\n".join(f"line {i} has words" for i in range(200))
    pieces = chunk(text, max_tokens=40, overlap_tokens=20)
    assert all(piece in text for piece in pieces)
    assert pieces[0].startswith("line 0") and pieces[-1].endswith("line 199 has words")
    # Each chunk starts inside the previous one (the overlap), and the chunks move forward.
    for before, after in zip(pieces, pieces[1:]):
        assert after.split()[0:2] != before.split()[0:2]
        assert after[:12] in before
    no_overlap = chunk(text, max_tokens=40, overlap_tokens=0)
    assert len(no_overlap) < len(pieces)


def test_a_word_longer_than_a_chunk_is_its_own_chunk_and_empty_text_has_none() -> None:
    assert chunk("x" * 5000 + " tail", max_tokens=100, overlap_tokens=50) == ["x" * 5000, "tail"]
    assert chunk("   \n ", 100, 50) == []


def test_only_utf8_text_is_searchable() -> None:
    assert file_text("naïve café".encode()) == "naïve café"
    assert file_text(b"\xef\xbb\xbfwith bom") == "with bom"
    assert file_text(b"\x89PNG\r\n\x1a\n\x00") is None
    assert file_text(b"\xff\xfe\x00") is None


def test_terms_fold_case_plurals_and_drop_stop_words() -> None:
    assert terms("The Files and the policies are CACHED") == ["file", "policy", "cached"]
    assert terms("glass status bus") == ["glass", "status", "bus"]
    assert rewrite("What is the refund policy?") == "refund policy"


def test_rank_prefers_the_rarer_shared_word_and_scores_stay_in_range() -> None:
    chunks = ["invoice invoice payment", "payment schedule", "holiday calendar", "invoice"]
    ranked = rank("invoice", chunks)
    assert [s.index for s in ranked] == [3, 0]
    assert ranked[0].score == 1.0 and 0 < ranked[1].score < 1
    assert rank("payment", chunks)[0].index == 1  # shorter chunk, same word: more similar
    assert rank("nothing shared", chunks) == [] and rank("the a of", chunks) == [] and rank("x", []) == []


def test_filters_compare_like_the_api() -> None:
    attributes = {"team": "people", "year": 2024, "draft": False}
    assert matches(attributes, {"type": "eq", "key": "draft", "value": False})
    assert not matches(attributes, {"type": "gt", "key": "team", "value": 3})  # kinds are never ordered
    assert matches(attributes, {"type": "lte", "key": "year", "value": 2024.0})
    assert not matches(attributes, {"type": "eq", "key": "missing", "value": "x"})
    assert not matches(None, {"type": "ne", "key": "team", "value": "x"})
    assert matches(
        attributes,
        {
            "type": "or",
            "filters": [{"type": "eq", "key": "team", "value": "x"}, {"type": "nin", "key": "year", "value": [1]}],
        },
    )


def test_search_spans_several_stores_for_file_search_tools() -> None:
    fake = FakeOpenAI(seed=1, lifecycle="immediate")  # files are searchable once processed
    one = fake.files.create(file=("a.md", b"alpha beta"), purpose="assistants")
    two = fake.files.create(file=("b.md", b"beta gamma gamma"), purpose="assistants")
    first = fake.vector_stores.create(name="1", file_ids=[one.id])
    second = fake.vector_stores.create(name="2", file_ids=[two.id])
    found = search(fake.backend, [first.id, second.id], "gamma beta", limit=5)
    assert [hit["file_id"] for hit in found] == [two.id, one.id]
    assert search(fake.backend, [first.id, second.id], "gamma beta", limit=1)[0]["filename"] == "b.md"
