"""The real-world corpus: what people actually send, labelled twice and split by source.

``train.jsonl``, ``validation.jsonl`` and ``test.jsonl`` hold the items (the format of
``../shared/corpus/dev.jsonl`` plus ``source``, ``split`` and, for paraphrases,
``derived_from``); ``labelling/`` holds both labelling passes and the settled disagreements.
``checks`` finds what must never be in it; ``stats`` prints the datasheet's figures.
See docs/corpus.md.
"""

from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent
SPLITS = ("train", "validation", "test")
LABELS = ("personal", "no_context", "sales_pitch", "give_me", "political")
KINDS = ("request_note", "message")
REQUEST_NOTE_MAX = 300


def split_path(split: str) -> Path:
    return CORPUS_DIR / f"{split}.jsonl"
