#!/usr/bin/env python
"""The first render of a new version, this checkout against another one, in the same run.

    .venv/bin/python scripts/bench_pdf_versions.py --before ../portal-before \
        [--before-python ../portal-before/.venv/bin/python] [--rounds 3] [--renders 8]

Each checkout needs its own set-up (``make setup``: its venv and its prepared fonts). Rounds
alternate between the checkouts; in each, a fresh process of the checkout's own Python loads
the seed into a throwaway SQLite database, starts like a server process (``portal.warmup``,
where the checkout has it), renders once, then renders ``--renders`` new versions (the seed's
text one character longer each time) through ``reports.pdf.render``. The machines here are
shared and their speed drifts from one minute to the next: alternating rounds expose both
checkouts to the same drift, and the ratio of their medians is the figure to quote.

``--instructions`` counts instead what the machine's speed does not change: the CPU
instructions of the renders (valgrind's callgrind, switched on for the renders only; about
two minutes a checkout for two renders).
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from throwaway_database import pdf_benchmark_environment

ROOT = Path(__file__).resolve().parent.parent


def child(checkout: Path, renders: int) -> None:
    sys.path.insert(0, str(checkout))
    os.chdir(checkout)
    work = Path(tempfile.mkdtemp(prefix="bench-pdf-versions-"))
    os.environ.update(pdf_benchmark_environment(work))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_seed", verbosity=0)
    try:
        from portal.warmup import warm_up_process
    except ImportError:
        pass
    else:
        warm_up_process()
    from reports.models import AnnualReport, Section
    from reports.pdf import render

    render.write_pdf(render.prepare(AnnualReport.objects.get(year=2017)))
    section = Section.objects.filter(report__year=2017, parent__isnull=False).first()
    seconds, size = [], 0
    counting(True)
    for n in range(2, renders + 2):
        section.body = section.body.rstrip("。") + "。" * n
        section.save()
        report = AnnualReport.objects.get(year=2017)
        started = time.perf_counter()
        size = len(render.write_pdf(render.prepare(report)))
        seconds.append(time.perf_counter() - started)
    counting(False)
    print(json.dumps({"seconds": seconds, "bytes": size}))


def counting(on: bool) -> None:
    """Under callgrind (--instructions), count the instructions of what follows, or stop."""
    if os.environ.get("BENCH_UNDER_CALLGRIND"):
        state = "on" if on else "off"
        subprocess.run(["callgrind_control", "-i", state, str(os.getpid())], capture_output=True)


def run(python: str, checkout: Path, renders: int, instructions: bool = False) -> dict:
    command = [python, __file__, "--child", str(checkout), "--renders", str(renders)]
    env = dict(os.environ)
    if instructions:
        env["BENCH_UNDER_CALLGRIND"] = "1"
        command = [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            "--callgrind-out-file=/dev/null",
            *command,
        ]
    done = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if instructions:
        counted = re.search(r"Collected : (\d+)", done.stderr)
        result["instructions"] = int(counted.group(1)) / renders
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="the other checkout (set up)")
    parser.add_argument("--before-python", help="its Python (default: its .venv/bin/python)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--renders", type=int, default=8)
    parser.add_argument(
        "--instructions", action="store_true", help="count CPU instructions under callgrind"
    )
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child.resolve(), args.renders)
        return 0
    if args.before is None:
        parser.error("--before is required")
    before = args.before.resolve()
    checkouts = {
        "before": (args.before_python or str(before / ".venv" / "bin" / "python"), before),
        "this checkout": (sys.executable, ROOT),
    }
    if args.instructions:
        counts = {
            name: run(python, checkout, args.renders, instructions=True)["instructions"]
            for name, (python, checkout) in checkouts.items()
        }
        print(f"CPU instructions per new-version render of the seed ({args.renders} renders):")
        for name, (_, checkout) in checkouts.items():
            print(f"  {name:<14} {counts[name] / 1e9:6.2f} billion  {checkout}")
        print(f"  this checkout / before: {counts['this checkout'] / counts['before']:.2f}×")
        return 0
    samples = {name: [] for name in checkouts}
    sizes = {}
    for _ in range(args.rounds):
        for name, (python, checkout) in checkouts.items():
            result = run(python, checkout, args.renders)
            samples[name] += [seconds * 1000 for seconds in result["seconds"]]
            sizes[name] = result["bytes"]
    print(f"First render of a new version of the seed, {args.rounds} alternating rounds:")
    for name, (_, checkout) in checkouts.items():
        times = samples[name]
        print(
            f"  {name:<14} {statistics.median(times):6.0f} ms median, {min(times):4.0f} ms "
            f"fastest ({len(times)} renders, {sizes[name] // 1024} KB)  {checkout}"
        )
    ratio = statistics.median(samples["this checkout"]) / statistics.median(samples["before"])
    print(f"  this checkout / before: {ratio:.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
