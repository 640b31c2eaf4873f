"""Benchmark the etiquette engine: throughput, latency and worst-case input on one core.

    python bench/engine.py [--json] [--corpus PATH] [--seconds S] [--rounds N] [--mb M]

Every figure is printed twice: for the rules alone and for the full engine (rules and the
learned layer), followed by the learned layer's own cost: p50 per 300-character draft (full
minus rules alone, per draft), the same for a batch of 100 through ``check_many``, the time and
memory it takes to load the model.

- drafts/s on one core over a realistic mix (the corpus' texts with their context when the
  corpus is there, plus every rule's own examples), median over ``--rounds`` rounds;
- p50 / p99 latency of single ``check()`` calls over that mix;
- p99 latency for 1,500-character messages;
- time for one adversarial text of 1/8, 1/4, 1/2 and 1 × ``--mb`` MB (repeated fragments of
  every pattern family, long runs of spaces and of letters, spaced-out letters, leetspeak,
  zero-width characters), with the ratio that shows whether time is linear in length.

The process is pinned to one CPU where the OS allows it. Throughput and latency are measured in
the thread's CPU time (what one core delivers) and also reported in wall-clock time, which on a
shared machine mostly measures the scheduler. Medians are reported, and a calibration loop
shows how fast the core was.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import common

from netiquette.etiquette import Context, Draft, check, check_many, learned
from netiquette.etiquette.registry import all_rules

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "dev.jsonl"

ADVERSARIAL_FRAGMENTS = (
    "W h a t s A p p ", "w-h-a-t-s-a-p-p ", "book a quick 15-min call ", "{first_name} ",
    "I help companies like yours ", "we provide the best price ", "refer me ",
    "introduce me to your CEO ", "sign the petition ", "vote for the Blue Party ",
    "you are so beautiful ", "dinner with me tonight ", "send me pics ", "c0aches h!gh ",
    "make $500/day from your phone ", "politicians are thieves ", "\u200b\u200d",
    "ｆｒｅｅ ", "Whаtsаpp ", " " * 200, "a" * 200, "a a a a a a a a a a ", "your " * 20,
    "mobile money ", "[First Name] ", "%name% ", "bit.ly/x ",
)  # fmt: skip


def _pin_to_one_core() -> str:
    try:
        cpu = max(os.sched_getaffinity(0))  # CPU 0 takes most interrupts and housekeeping
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    except (AttributeError, OSError):
        return "not pinned (OS does not allow it)"


def _mix(corpus: Path | None) -> list[Draft]:
    drafts: list[Draft] = []
    if corpus and corpus.exists():
        for line in corpus.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                drafts.append(
                    Draft(row["kind"], row["text"], Context.from_dict(row.get("context")))
                )
    for rule in all_rules():
        for example in (*rule.fires, *rule.clean):
            drafts.append(Draft(example.kind, example.text, Context.from_dict(example.context)))
    return drafts


def _long_messages(drafts: list[Draft], length: int = 1500) -> list[Draft]:
    texts = [d.text for d in drafts]
    messages = []
    for start in range(0, len(texts), 7):
        body = ""
        index = start
        while len(body) < length:
            body += texts[index % len(texts)] + "\n\n"
            index += 1
        messages.append(Draft("message", body[:length], drafts[start].context))
    return messages


def _calibration_us() -> float:
    """A fixed pure-Python loop: ~10 µs on an idle modern core; larger means a loaded one."""
    best = float("inf")
    for _ in range(20):
        start = time.perf_counter()
        sum(range(1000))
        best = min(best, time.perf_counter() - start)
    return best * 1e6


def _throughput(drafts: list[Draft], seconds: float, model) -> tuple[float, float]:
    """Drafts per second of CPU time on this thread (the core's own rate) and of wall time."""
    done = 0
    wall, cpu = time.perf_counter(), time.thread_time()
    while True:
        for draft in drafts:
            check(draft, model=model)
        done += len(drafts)
        elapsed = time.perf_counter() - wall
        if elapsed >= seconds:
            return done / max(time.thread_time() - cpu, 1e-9), done / elapsed


def _latencies_us(
    drafts: list[Draft], repeat: int, clock=time.perf_counter, model=None
) -> list[float]:
    samples = []
    for _ in range(repeat):
        for draft in drafts:
            start = clock()
            check(draft, model=model)
            samples.append((clock() - start) * 1e6)
    return samples


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _adversarial(size: int) -> str:
    block = "".join(ADVERSARIAL_FRAGMENTS)
    return (block * (size // len(block) + 1))[:size]


def _rss_bytes() -> int:
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def _load_figures() -> dict:
    before, start = _rss_bytes(), time.perf_counter()
    model = learned.load()
    seconds = time.perf_counter() - start
    return {
        "model": model,
        "model_version": model.version,
        "model_placeholder": model.placeholder,
        "model_load_seconds": round(seconds, 3),
        "model_load_mb": round((_rss_bytes() - before) / 1e6, 1),
    }


def _model_cost(drafts: list[Draft], model) -> dict:
    """The learned layer's own cost on 300-character drafts: per draft, CPU time of the full
    engine minus the rules alone (median of 5 runs each), then the p50 over drafts; and the
    same per draft for batches of 100 through ``check_many``."""
    sized = _long_messages(drafts, 300)
    per_draft = []
    for draft in sized:
        full = statistics.median(_latencies_us([draft], 5, time.thread_time, model))
        rules = statistics.median(_latencies_us([draft], 5, time.thread_time, None))
        per_draft.append(full - rules)
    batches = [sized[i : i + 100] for i in range(0, len(sized), 100)]
    batched = []
    for _ in range(5):
        for batch in batches:
            start = time.thread_time()
            check_many(batch, model=model)
            full = time.thread_time() - start
            start = time.thread_time()
            check_many(batch, model=None)
            rules = time.thread_time() - start
            batched.append((full - rules) / len(batch) * 1e6)
    return {
        "model_cost_300_chars_p50_us": round(_percentile(per_draft, 0.50), 1),
        "model_cost_300_chars_batched_us": round(statistics.median(batched), 1),
    }


def _figures(args: argparse.Namespace, drafts: list[Draft], model) -> dict:
    for draft in drafts:  # warm up: imports, the automaton, caches
        check(draft, model=model)
    rounds = [_throughput(drafts, args.seconds, model) for _ in range(args.rounds)]
    cpu_rounds = [cpu for cpu, _ in rounds]
    wall_rounds = [wall for _, wall in rounds]
    # Latency in CPU time: on a shared machine wall time mostly measures the scheduler.
    latencies = _latencies_us(drafts, repeat=3, clock=time.thread_time, model=model)
    wall_latencies = _latencies_us(drafts, repeat=1, model=model)
    long = _long_messages(drafts)
    long_latencies = _latencies_us(long, repeat=5, clock=time.thread_time, model=model)
    sizes = [int(args.mb * 1_000_000 * f) for f in (0.125, 0.25, 0.5, 1.0)]
    adversarial = {}
    adversarial_cpu = {}
    for size in sizes:
        text = _adversarial(size)
        times, cpu_times = [], []
        for _ in range(args.adversarial_rounds):
            start, cpu_start = time.perf_counter(), time.thread_time()
            check(Draft("message", text, Context(first_contact=True)), model=model)
            times.append(time.perf_counter() - start)
            cpu_times.append(time.thread_time() - cpu_start)
        adversarial[size] = statistics.median(times)
        adversarial_cpu[size] = statistics.median(cpu_times)
    largest, smallest = sizes[-1], sizes[0]
    return {
        "drafts_per_second_median": round(statistics.median(cpu_rounds)),
        "drafts_per_second_rounds": [round(r) for r in cpu_rounds],
        "wall_drafts_per_second_median": round(statistics.median(wall_rounds)),
        "latency_p50_us": round(_percentile(latencies, 0.50), 1),
        "latency_p99_us": round(_percentile(latencies, 0.99), 1),
        "wall_latency_p50_us": round(_percentile(wall_latencies, 0.50), 1),
        "wall_latency_p99_us": round(_percentile(wall_latencies, 0.99), 1),
        "latency_1500_chars_p50_us": round(_percentile(long_latencies, 0.50), 1),
        "latency_1500_chars_p99_us": round(_percentile(long_latencies, 0.99), 1),
        "adversarial_seconds": {str(size): round(t, 3) for size, t in adversarial.items()},
        "adversarial_1mb_seconds": round(adversarial[largest], 3),
        "adversarial_1mb_cpu_seconds": round(adversarial_cpu[largest], 3),
        "adversarial_linearity": round(
            (adversarial[largest] / largest) / max(adversarial[smallest] / smallest, 1e-12), 2
        ),
    }


def run(args: argparse.Namespace) -> dict:
    pinned = _pin_to_one_core()
    corpus = Path(args.corpus) if args.corpus else DEFAULT_CORPUS
    drafts = _mix(corpus)
    loaded = _load_figures()
    model = loaded.pop("model")
    report = {
        "cpu": pinned,
        "calibration_us_sum_range_1000": round(_calibration_us(), 1),
        "mix_drafts": len(drafts),
        "mix_mean_chars": round(statistics.mean(len(d.text) for d in drafts), 1),
        "rules_only": _figures(args, drafts, None),
        "full": _figures(args, drafts, model),
        **loaded,
    }
    report.update(_model_cost(drafts, model))
    return report


def _render_figures(name: str, report: dict) -> list[str]:
    return [
        f"{name}:",
        f"  throughput: {report['drafts_per_second_median']:,} drafts per CPU-second on one "
        f"core (median of {report['drafts_per_second_rounds']}); wall clock "
        f"{report['wall_drafts_per_second_median']:,}/s",
        f"  latency (CPU time): p50 {report['latency_p50_us']} µs, p99 "
        f"{report['latency_p99_us']} µs; wall clock p50 {report['wall_latency_p50_us']} µs, "
        f"p99 {report['wall_latency_p99_us']} µs",
        f"  1,500-char messages (CPU time): p50 {report['latency_1500_chars_p50_us']} µs, "
        f"p99 {report['latency_1500_chars_p99_us']} µs",
        "  adversarial text: "
        + ", ".join(f"{int(k):,} chars {v} s" for k, v in report["adversarial_seconds"].items()),
        f"  1 MB adversarial: {report['adversarial_1mb_seconds']} s wall, "
        f"{report['adversarial_1mb_cpu_seconds']} s CPU; time per char at 1 MB ÷ at "
        f"1/8 MB = {report['adversarial_linearity']} (1.0 = linear)",
    ]


def render(report: dict) -> str:
    placeholder = " (PLACEHOLDER, trained on the dev corpus)" if report["model_placeholder"] else ""
    lines = [
        f"one core: {report['cpu']}; calibration sum(range(1000)) = "
        f"{report['calibration_us_sum_range_1000']} µs (≈10 µs on an idle core)",
        f"mix: {report['mix_drafts']} drafts, mean {report['mix_mean_chars']} chars",
        *_render_figures("rules only", report["rules_only"]),
        *_render_figures(f"full (rules + model {report['model_version']})", report["full"]),
        f"model cost per 300-char draft (CPU, full − rules): p50 "
        f"{report['model_cost_300_chars_p50_us']} µs single, "
        f"{report['model_cost_300_chars_batched_us']} µs per draft in batches of 100",
        f"model load: {report['model_load_seconds']} s, {report['model_load_mb']} MB more "
        f"resident memory{placeholder}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--corpus", help=f"JSON-lines corpus for the mix ({DEFAULT_CORPUS})")
    parser.add_argument("--seconds", type=float, default=2.0, help="seconds per throughput round")
    parser.add_argument("--rounds", type=int, default=5, help="throughput rounds (median)")
    parser.add_argument("--mb", type=float, default=1.0, help="largest adversarial size in MB")
    parser.add_argument("--adversarial-rounds", type=int, default=3, help="runs per size")
    args = parser.parse_args(argv)
    report = run(args)
    print(render(report))
    if args.json:
        common.emit_json(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
