"""What must never be in the corpus: ``python -m netiquette.etiquette.corpus.checks [DIR]``.

Malformed lines, unknown labels or kinds, duplicate ids or texts, paraphrases whose original is
missing or sits in another split, request notes over 300 characters, any text near-duplicated
in another split (word 4-gram Jaccard overlap of 0.5 or more), and sources on the held-out
list. Prints every problem and exits 1 when there is one.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from netiquette.etiquette.corpus import CORPUS_DIR, KINDS, LABELS, REQUEST_NOTE_MAX, SPLITS

NEAR_DUPLICATE = 0.5
HELD_OUT_LIST = CORPUS_DIR / "held-out-sources.txt"
CONTEXT_KEYS = {
    "first_contact",
    "connected",
    "how_known",
    "sender_role",
    "recipient_open_to_work",
    "shared",
}
REQUIRED = {"id": str, "kind": str, "text": str, "labels": list, "source": str, "split": str}
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Item:
    where: str  # "train.jsonl:12"
    data: dict


def load(directory: Path = CORPUS_DIR) -> tuple[list[Item], list[str]]:
    """Every item of every split file, and the lines that are not JSON objects."""
    items, problems = [], []
    for split in SPLITS:
        path = directory / f"{split}.jsonl"
        if not path.exists():
            problems.append(f"{path.name}: missing")
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            where = f"{path.name}:{number}"
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(f"{where}: not JSON ({exc.msg})")
                continue
            if not isinstance(data, dict):
                problems.append(f"{where}: not a JSON object")
                continue
            if data.get("split") != split:
                problems.append(f"{where}: split {data.get('split')!r} in {path.name}")
            items.append(Item(where, data))
    return items, problems


def item_problems(item: Item) -> list[str]:
    """What is wrong with one item on its own."""
    data, where, found = item.data, item.where, []
    for key, kind in REQUIRED.items():
        if not isinstance(data.get(key), kind):
            found.append(f"{where}: {key!r} missing or not a {kind.__name__}")
    if found:
        return found
    if data["kind"] not in KINDS:
        found.append(f"{where}: unknown kind {data['kind']!r}")
    unknown = [label for label in data["labels"] if label not in LABELS]
    if unknown:
        found.append(f"{where}: unknown labels {unknown}")
    if len(set(data["labels"])) != len(data["labels"]):
        found.append(f"{where}: a label twice")
    if not data["text"].strip():
        found.append(f"{where}: empty text")
    if data["kind"] == "request_note" and len(data["text"]) > REQUEST_NOTE_MAX:
        found.append(f"{where}: request note of {len(data['text'])} characters")
    context = data.get("context")
    if context is not None and (not isinstance(context, dict) or set(context) - CONTEXT_KEYS):
        found.append(f"{where}: context must be null or an object with {sorted(CONTEXT_KEYS)}")
    if data["split"] not in SPLITS:
        found.append(f"{where}: unknown split {data['split']!r}")
    return found


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def grams(text: str) -> frozenset:
    """Word 4-grams (a shorter text is one gram of all its words)."""
    words = _WORD.findall(text.casefold())
    if len(words) < 4:
        return frozenset([tuple(words)])
    return frozenset(tuple(words[i : i + 4]) for i in range(len(words) - 3))


def near_duplicates_across_splits(items: list[Item]) -> list[str]:
    """Pairs in different splits whose word 4-gram sets overlap by ``NEAR_DUPLICATE`` or more
    (Jaccard), found through an index of the grams so that it stays fast."""
    sets = [grams(item.data["text"]) for item in items]
    index: dict[tuple, list[int]] = defaultdict(list)
    for i, gram_set in enumerate(sets):
        for gram in gram_set:
            index[gram].append(i)
    found = []
    for i, gram_set in enumerate(sets):
        shared: dict[int, int] = defaultdict(int)
        for gram in gram_set:
            for j in index[gram]:
                if j > i:
                    shared[j] += 1
        for j, common in shared.items():
            if items[i].data["split"] == items[j].data["split"]:
                continue
            overlap = common / len(gram_set | sets[j])
            if overlap >= NEAR_DUPLICATE:
                found.append(
                    f"{items[i].where} and {items[j].where}: near-duplicates in different "
                    f"splits (overlap {overlap:.2f})"
                )
    return found


def corpus_problems(items: list[Item]) -> list[str]:
    """What is wrong across items: ids, texts, paraphrases, splits."""
    found = []
    for item in items:
        found += item_problems(item)
    if found:
        return found
    by_id: dict[str, Item] = {}
    by_text: dict[str, Item] = {}
    for item in items:
        if item.data["id"] in by_id:
            found.append(
                f"{item.where}: id {item.data['id']} also at {by_id[item.data['id']].where}"
            )
        by_id[item.data["id"]] = item
        key = _key(item.data["text"])
        if key in by_text:
            found.append(f"{item.where}: same text as {by_text[key].where}")
        by_text[key] = item
    for item in items:
        original_id = item.data.get("derived_from")
        if original_id is None:
            continue
        original = by_id.get(original_id)
        if original is None:
            found.append(f"{item.where}: derived_from {original_id} is not in the corpus")
        elif original.data.get("derived_from"):
            found.append(f"{item.where}: derived from a paraphrase ({original_id})")
        elif original.data["split"] != item.data["split"]:
            found.append(
                f"{item.where}: paraphrase in {item.data['split']}, original {original_id} in "
                f"{original.data['split']}"
            )
    return found + near_duplicates_across_splits(items)


# --- held-out sources ----------------------------------------------------------------------

# Hosts where one address holds many authors' pages: there, only the same page (or repository)
# counts as the same source. Anywhere else, a held-out page keeps the whole site out.
MANY_AUTHOR_HOSTS = {
    "github.com",
    "medium.com",
    "inc.com",
    "dhirubhai.net",
    "gov.uk",
    "change.org",
    "arabnews.com",
    "linkedin.com",
    "reddit.com",
    "quora.com",
    "forbes.com",
    "businessinsider.com",
    "huffpost.com",
    "huffingtonpost.com",
    "theguardian.com",
    "nytimes.com",
    "wordpress.com",
    "blogspot.com",
    "substack.com",
}


def _parts(url: str) -> tuple[str, str]:
    split = urlsplit(url.strip() if "://" in url else "http://" + url.strip())
    host = split.netloc.lower().rsplit("@", 1)[-1].split(":")[0].removeprefix("www.")
    return host, split.path.rstrip("/").lower()


def held_out_addresses(path: Path = HELD_OUT_LIST) -> list[tuple[str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [_parts(line) for line in lines if line.strip() and not line.startswith("#")]


def is_held_out(url: str, listed: Iterable[tuple[str, str]]) -> bool:
    """Whether ``url`` is a held-out page, a page of the same article or repository, or a page
    on the same single-owner site as one."""
    host, path = _parts(url)
    for listed_host, listed_path in listed:
        if host != listed_host:
            continue
        if host == "github.com":
            if path.split("/")[1:3] == listed_path.split("/")[1:3]:
                return True
        elif host in MANY_AUTHOR_HOSTS:
            if path == listed_path or path.startswith(listed_path + "/"):
                return True
        else:
            return True
    return False


def held_out_problems(items: list[Item], listed: list[tuple[str, str]]) -> list[str]:
    return [
        f"{item.where}: source {item.data['source']} is on the held-out list"
        for item in items
        if is_held_out(str(item.data.get("source", "")), listed)
    ]


def main(argv: list[str]) -> int:
    directory = Path(argv[0]) if argv else CORPUS_DIR
    items, found = load(directory)
    found += corpus_problems(items)
    found += held_out_problems(items, held_out_addresses())
    for problem in found:
        print(problem)
    print(f"{len(items)} items, {len(found)} problems")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
