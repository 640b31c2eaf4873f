"""The real-world corpus stays clean (netiquette/etiquette/corpus, docs/corpus.md), and each
check that keeps it so would catch what it is for."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from netiquette.etiquette.corpus import SPLITS, checks


def write_corpus(directory: Path, items: list[dict]) -> Path:
    for split in SPLITS:
        lines = [json.dumps(item) for item in items if item.get("split") == split]
        (directory / f"{split}.jsonl").write_text("\n".join(lines) + "\n")
    return directory


def item(id_: str, text: str, split: str = "train", **extra) -> dict:
    return {
        "id": id_,
        "kind": "message",
        "context": None,
        "labels": [],
        "text": text,
        "source": f"https://example.org/{id_}",
        "split": split,
        **extra,
    }


CLEAN = [
    item("a1", "Thanks for the talk on rota planning at the nursing conference."),
    item("a2", "Could you send the signed contract back by Friday, please?", "validation"),
    item("a3", "We met at the Leeds data meetup; I'd like to stay in touch.", "test"),
    item(
        "a4",
        "Met you at the Leeds data meetup, would love to keep in touch!",
        "test",
        derived_from="a3",
    ),
]


def problems_in(directory: Path) -> list[str]:
    items, found = checks.load(directory)
    return found + checks.corpus_problems(items)


def test_a_clean_corpus_has_no_problems(tmp_path):
    assert problems_in(write_corpus(tmp_path, CLEAN)) == []


@pytest.mark.parametrize(
    ("planted", "expected"),
    [
        (item("b1", "Hello there, nice to meet you.", labels=["rude"]), "unknown labels"),
        (item("b1", "Hello there, nice to meet you.", kind="dm"), "unknown kind"),
        (item("b1", "x" * 301, kind="request_note"), "request note of 301 characters"),
        (
            item("b1", "  THANKS for the talk on rota planning at the nursing  conference."),
            "same text as",
        ),
        (item("a2", "Another text entirely, about invoices."), "id a2 also at"),
        (
            item(
                "b1",
                "Met at the Leeds data meetup, keen to stay in touch.",
                "train",
                derived_from="a3",
            ),
            "paraphrase in train, original a3 in test",
        ),
        (item("b1", "A paraphrase of nothing.", derived_from="zz"), "is not in the corpus"),
        (item("b1", "Hi.", context={"mood": "sunny"}), "context must be null"),
        (
            item(
                "b1",
                "Thanks for the talk on rota planning at the nursing conference, Ana!",
                "validation",
            ),
            "near-duplicates in different splits",
        ),
    ],
)
def test_each_check_catches_what_it_is_for(tmp_path, planted, expected):
    found = problems_in(write_corpus(tmp_path, [*CLEAN, planted]))
    assert any(expected in problem for problem in found), found


def test_a_line_that_is_not_json_is_reported(tmp_path):
    write_corpus(tmp_path, CLEAN)
    with (tmp_path / "train.jsonl").open("a") as handle:
        handle.write('{"id": "c1", "text": \n')
    assert any("train.jsonl:2: not JSON" in p for p in problems_in(tmp_path))


def test_an_item_in_the_wrong_file_is_reported(tmp_path):
    write_corpus(tmp_path, CLEAN)
    with (tmp_path / "train.jsonl").open("a") as handle:
        handle.write(json.dumps(item("c1", "Filed under the wrong split.", "test")) + "\n")
    assert any("split 'test' in train.jsonl" in p for p in problems_in(tmp_path))


LISTED = checks.held_out_addresses()


@pytest.mark.parametrize(
    ("url", "held_out"),
    [
        ("http://www.theantisocialmedia.com/pets-on-linkedin/", True),
        ("https://theantisocialmedia.com/pets-on-linkedin?utm_source=x", True),
        ("https://www.theantisocialmedia.com/another-post/", True),  # same single-owner site
        ("https://github.com/7mangel/job-search-tracker/blob/HEAD/README.md", True),  # same repo
        ("https://github.com/someone-else/templates/blob/HEAD/notes.md", False),
        (
            "https://www.inc.com/amy-vernon/how-not-to-be-that-creepy-guy-on-social-media-sites.html",
            True,
        ),
        ("https://www.inc.com/another-author/another-article.html", False),
        ("https://example.org/linkedin-etiquette", False),
    ],
)
def test_the_held_out_check_knows_a_listed_page_from_others(url, held_out):
    assert checks.is_held_out(url, LISTED) is held_out


def test_the_held_out_list_is_the_shared_one_when_it_is_here():
    shared = Path(__file__).resolve().parents[2].parent / "shared/corpus/held-out-sources.txt"
    if not shared.exists():
        pytest.skip("../shared is not beside this checkout (CI clones the project alone)")
    assert checks.HELD_OUT_LIST.read_text() == shared.read_text()


@pytest.fixture(scope="module")
def corpus():
    items, found = checks.load()
    return items, found


def test_the_corpus_has_no_problems(corpus):
    items, found = corpus
    found = found + checks.corpus_problems(items)
    assert items and found == [], "\n".join(found[:20])


def test_no_source_of_the_corpus_is_held_out(corpus):
    items, _ = corpus
    assert checks.held_out_problems(items, LISTED) == []
