"""Run every mend benchmark and print one table: figure, measured value, target, pass/miss.

    python benchmarks/run_all.py           # full run (~20 min on a 2-core machine)
    python benchmarks/run_all.py --quick   # fewer repetitions and a smaller spoken test set (~5 min)
    python benchmarks/run_all.py --only response,memory
    python benchmarks/run_all.py --only journal_scale --quick   # the journal at 100 to 10,000 entries (~35 s)

Each benchmark runs in its own process so a loaded model, a speech engine or a crash in one cannot affect the
next. Needs the test model (MEND_TEST_MODEL, as scripts/bench.sh sets it), espeak-ng, PulseAudio and paplay;
the live-audio benchmarks start a private PulseAudio server of their own. Results are also written as JSON and
Markdown to benchmarks/results/ (latest-quick.* or latest-full.*).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_MODEL = str(Path.home() / ".cache" / "mend-test" / "en-dither0")  # where scripts/fetch-test-model.sh puts it
BENCHMARKS = ["response", "turn_ending", "startup", "listening_cost", "memory", "understanding", "understanding_natural",
              "journal_scale"]
TIMEOUT = {"quick": 600, "full": 1500}
KEY_PREFIX = {"1": "response", "2": "turn_ending", "3": "startup", "4": "listening_cost", "5": "memory",
              "6": "understanding", "8": "journal_scale"}


def module_of(row: dict) -> str | None:
    if row.get("module"):
        return row["module"]
    if row.get("key") == "1k":
        return "memory"
    return KEY_PREFIX.get(str(row.get("key", ""))[:1])


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")).split()[1])
        memory = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory": memory, "python": platform.python_version(),
            "kernel": platform.release(), "load_before": os.getloadavg()[0]}


def run_one(name: str, quick: bool) -> tuple[list[dict], float, str]:
    out = Path(tempfile.mkstemp(prefix=f"mend-bench-{name}-", suffix=".json")[1])
    args = [sys.executable, "-m", f"benchmarks.{name}", "--json", str(out)] + (["--quick"] if quick else [])
    env = dict(os.environ)
    env.setdefault("MEND_TEST_MODEL", DEFAULT_MODEL)
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    started = time.monotonic()
    try:
        result = subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True,
                                timeout=TIMEOUT["quick" if quick else "full"])
        log = result.stderr
        figures = json.loads(out.read_text()) if result.returncode == 0 and out.stat().st_size else []
        if result.returncode != 0:
            log += f"\n{name} failed with exit code {result.returncode}"
    except subprocess.TimeoutExpired:
        figures, log = [], f"{name} timed out"
    finally:
        out.unlink(missing_ok=True)
    return figures, time.monotonic() - started, log


def shown(figure: dict) -> str:
    value, unit = figure["value"], figure["unit"]
    if value is None:
        return "n/a"
    return {"ms": f"{value:.1f} ms", "s": f"{value:.3f} s", "%": f"{value:.1f} %", "MB": f"{value:.1f} MB",
            "x": f"{value:.2f}x", "count": f"{value:.0f}"}.get(unit, f"{value:.3g} {unit}")


def key_order(row: dict) -> tuple:
    """"8.10" after "8.9": a key's numbered parts compared as numbers ("1k" next to the 1s, "--" last)."""
    parts = (re.match(r"(\d*)(.*)", part).groups() for part in str(row["key"]).split("."))
    return tuple((int(digits) if digits else 10**6, rest) for digits, rest in parts)


def status(figure: dict) -> str:
    return "" if figure["passed"] is None else ("pass" if figure["passed"] else "MISS")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, smaller test set (~5 min)")
    parser.add_argument("--only", help="comma-separated subset of: " + ", ".join(BENCHMARKS))
    parser.add_argument("--verbose", action="store_true", help="also print each benchmark's log (confusions etc.)")
    parser.add_argument("--results", type=Path, default=REPO / "benchmarks" / "results",
                        help="where latest-quick.* / latest-full.* are written (default benchmarks/results)")
    args = parser.parse_args()
    names = args.only.split(",") if args.only else BENCHMARKS
    info = machine()
    started = time.monotonic()
    rows, logs = [], {}
    for name in names:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        figures, seconds, log = run_one(name, args.quick)
        logs[name] = log
        print(f"  {name}: {len(figures)} figures in {seconds:.0f} s", file=sys.stderr, flush=True)
        for figure in figures:
            figure["module"] = name
        if not figures:
            rows.append({"module": name, "key": "--", "name": f"{name}: no result ({log.strip().splitlines()[-1] if log.strip() else '?'})",
                         "value": None, "unit": "", "target": "", "passed": False, "detail": ""})
        rows += figures
    total = time.monotonic() - started
    mode = "quick" if args.quick else "full"
    results = args.results
    previous = results / f"latest-{mode}.json"
    if args.only and previous.exists():  # a partial re-run replaces only its own benchmarks' figures
        old = json.loads(previous.read_text())
        rows += [r for r in old.get("figures", []) if module_of(r) not in names and r.get("key") != "--"]
        logs = {**{k: v for k, v in old.get("logs", {}).items() if k not in names}, **logs}
    width = max(len(r["name"]) for r in rows)
    lines = [f"{'':4} {'figure':{width}}  {'measured':>12}  {'target':12} result"]
    for row in sorted(rows, key=key_order):
        lines.append(f"{row['key']:4} {row['name']:{width}}  {shown(row):>12}  {row['target']:12} {status(row)}")
    print("\n".join(lines))
    misses = [r for r in rows if r["passed"] is False]
    print(f"\n{len(misses)} target(s) missed; {'quick' if args.quick else 'full'} run took {total:.0f} s on "
          f"{info['nproc']} x {info['cpu']}, {info['memory']}")
    if args.verbose:
        for name, log in logs.items():
            if log.strip():
                print(f"\n--- {name} ---\n{log.strip()}")
    results.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    (results / f"latest-{mode}.json").write_text(json.dumps(
        {"date": stamp, "mode": mode, "seconds": total, "machine": info, "figures": rows, "logs": logs}, indent=2))
    md = [f"# mend benchmarks ({mode}), {stamp}", "",
          f"Machine: {info['nproc']} CPUs, {info['cpu']}, {info['memory']} RAM, Python {info['python']}, "
          f"load average before the run {info['load_before']:.2f}. Run took {total:.0f} s.", "",
          "| | figure | measured | target | result |", "|---|---|---|---|---|"]
    for row in sorted(rows, key=key_order):
        md.append(f"| {row['key']} | {row['name']} | {shown(row)} | {row['target']} | {status(row)} |")
    md += ["", "Details:", ""] + [f"- {r['key']}: {r['detail']}" for r in sorted(rows, key=key_order)
                                  if r.get("detail")]
    (results / f"latest-{mode}.md").write_text("\n".join(md) + "\n")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
