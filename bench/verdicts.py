"""Dump every verdict the engine gives on a fixed, broad set of drafts, one line per draft.

    python bench/verdicts.py OUT.txt [--corpus PATH] [--rules-only]

``--rules-only`` judges with the rules alone (``check(..., model=None)``): the dumps from
before the learned layer compare with these; without it the learned layer takes part, and its
findings (``model.<label>``) appear like any rule's.

For checking that a speed-up changes no verdict: run it before and after, then ``cmp`` the two
files. Each line holds the draft's source, the action, the score, and every finding's rule id,
span and weight, in the order ``check()`` returns them. The drafts:

- every line of the corpus (``../shared/corpus/dev.jsonl``) and of ``tests/etiquette/data/``,
  and every rule's own fires / clean examples, in their own context;
- the same texts under other contexts (stranger, colleague, friend, business, recruiter, known
  and unknown) and both kinds;
- long texts spliced from them (500 to 6,000 characters: the windowed search path);
- obfuscated copies (spaced-out letters, leetspeak, look-alike letters, fullwidth,
  zero-width characters), and adversarial text;
- the examples under rule settings: rules disabled, re-weighted, extra phrases.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from netiquette.etiquette import DEFAULT_MODEL, Context, Draft, RuleSettings, check  # noqa: E402
from netiquette.etiquette.registry import all_rules  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "dev.jsonl"

CONTEXTS = (
    Context(),
    Context(first_contact=True),
    Context(first_contact=False, connected=True),
    Context(first_contact=True, connected=True, how_known="none"),
    Context(how_known="colleague", connected=True),
    Context(how_known="friend", connected=True),
    Context(how_known="business", first_contact=False),
    Context(how_known="met_in_person", first_contact=True),
    Context(sender_role="recruiter", first_contact=True, recipient_open_to_work=True),
    Context(sender_role="recruiter", how_known="business"),
    Context(first_contact=True, shared=("employer:Acme", "school:MIT")),
    Context(template_copies=50, stranger_request_share=0.9, recent_requests=100),
)


def _rows(path: Path) -> list[tuple[str, Draft]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if line.strip():
            row = json.loads(line)
            draft = Draft(row["kind"], row["text"], Context.from_dict(row.get("context")))
            rows.append((f"{path.name}:{row.get('id', number)}", draft))
    return rows


def _obfuscate(text: str, rng: random.Random) -> list[str]:
    words = text.split(" ")
    spaced = " ".join(" ".join(w) if len(w) >= 4 and rng.random() < 0.3 else w for w in words)
    dashed = " ".join("-".join(w) if len(w) >= 5 and rng.random() < 0.2 else w for w in words)
    leet = text.translate(str.maketrans({"o": "0", "e": "3", "a": "@", "s": "$", "i": "1"}))
    look = text.translate(str.maketrans({"a": "а", "e": "е", "o": "о", "p": "р", "c": "с"}))
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" and rng.random() < 0.3 else c
                   for c in text)  # fmt: skip
    zero = "".join(c + ("\u200b" if rng.random() < 0.1 else "") for c in text)
    upper = text.upper()
    return [spaced, dashed, leet, look, wide, zero, upper]


def drafts(corpus: Path) -> list[tuple[str, Draft, RuleSettings | None]]:
    own: list[tuple[str, Draft]] = []
    if corpus.exists():
        own.extend(_rows(corpus))
    for path in sorted((ROOT / "tests" / "etiquette" / "data").glob("*.jsonl")):
        own.extend(_rows(path))
    for rule in all_rules():
        for which, examples in (("fires", rule.fires), ("clean", rule.clean)):
            for number, example in enumerate(examples):
                draft = Draft(example.kind, example.text, Context.from_dict(example.context))
                own.append((f"{rule.rule_id}:{which}:{number}", draft))
    out: list[tuple[str, Draft, RuleSettings | None]] = [(s, d, None) for s, d in own]
    texts = sorted({d.text for _, d in own})
    for number, text in enumerate(texts):
        for c, context in enumerate(CONTEXTS):
            for kind in ("message", "request_note"):
                out.append((f"ctx:{number}:{c}:{kind}", Draft(kind, text, context), None))
    rng = random.Random(20261201)
    for length in (450, 800, 1500, 3000, 6000):
        for number in range(60):
            pieces, size = [], 0
            while size < length:
                piece = rng.choice(texts)
                pieces.append(piece)
                size += len(piece) + 2
            text = rng.choice(("\n\n", " ", ". ")).join(pieces)[:length]
            context = CONTEXTS[number % len(CONTEXTS)]
            out.append((f"long:{length}:{number}", Draft("message", text, context), None))
    for number, text in enumerate(texts):
        for v, variant in enumerate(_obfuscate(text, rng)):
            context = CONTEXTS[(number + v) % len(CONTEXTS)]
            out.append((f"obf:{number}:{v}", Draft("message", variant, context), None))
    sys.path.insert(0, str(ROOT / "bench"))
    from engine import _adversarial

    for size in (1_000, 5_000, 20_000, 100_000):
        out.append((f"adv:{size}", Draft("message", _adversarial(size), CONTEXTS[1]), None))
    ids = [rule.rule_id for rule in all_rules()]
    takes = [rule.rule_id for rule in all_rules() if rule.takes_phrases]
    variants = [
        RuleSettings(version=1, disabled=frozenset(ids[::2])),
        RuleSettings(version=2, disabled=frozenset(ids[1::3])),
        RuleSettings(version=3, weights={rule_id: 0.7 for rule_id in ids[::3]}),
        RuleSettings(
            version=4,
            extra_phrases={rule_id: ("Quick Call", "sync up", "hello", "the") for rule_id in takes},
        ),
        RuleSettings(version=5, extra_phrases={takes[0]: "WhatsApp\nzoom\n", takes[-1]: ("x",)}),
    ]
    for v, settings in enumerate(variants):
        for source, draft in own[:: 3 if v < 3 else 1]:
            out.append((f"settings:{v}:{source}", draft, settings))
    return out


def line(source: str, draft: Draft, settings: RuleSettings | None, model=DEFAULT_MODEL) -> str:
    verdict = check(draft, settings, model=model)
    findings = ";".join(
        f"{f.rule_id}@{f.span[0] if f.span else ''}-{f.span[1] if f.span else ''}*{f.weight}"
        for f in verdict.findings
    )
    ids = ",".join(sorted(f.rule_id for f in verdict.findings))
    labels = ",".join(sorted(verdict.labels))
    return (
        f"{source}\t{verdict.action}\t{verdict.score}\t{labels}\t{ids}\t{findings}"
        f"\tv{verdict.ruleset_version}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", help="file to write")
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    parser.add_argument("--rules-only", action="store_true", help="without the learned layer")
    parser.add_argument("--json", action="store_true", help="count and sha256 as JSON, last line")
    args = parser.parse_args(argv)
    everything = drafts(Path(args.corpus))
    model = None if args.rules_only else DEFAULT_MODEL
    digest = hashlib.sha256()
    with open(args.out, "w", encoding="utf-8") as handle:
        for source, draft, settings in everything:
            text = line(source, draft, settings, model) + "\n"
            handle.write(text)
            digest.update(text.encode())
    print(f"{len(everything)} verdicts written to {args.out} (sha256 {digest.hexdigest()})")
    if args.json:
        print(json.dumps({"verdicts": len(everything), "sha256": digest.hexdigest()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
