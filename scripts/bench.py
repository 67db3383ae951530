#!/usr/bin/env python3
"""cairn's benchmark: each operation's median against its physical floor.

Run through scripts/bench.sh, which builds the release binary first. Data is generated
outside the repository (default /tmp/cairn-bench) by scripts/gen-plan.py, deterministically.

| operation                        | data                              | floor                                              |
|----------------------------------|-----------------------------------|----------------------------------------------------|
| check --format json              | 20,000 items, 200 initiatives     | cat of all the plan files                          |
| backlog --format json            | same                              | same                                               |
| report --format json             | 3,000 commits over 5,000 items    | git log -p --first-parent -- roadmap backlog       |
| log                              | same                              | same                                               |
| diff HEAD~300 HEAD --format json | same                              | git diff HEAD~300 HEAD -- roadmap backlog          |

Each command runs once to warm caches, then --runs times; the table shows medians, the
ratio to the floor and the target. Peak RSS comes from GNU time when installed (else from
wait4, which cannot go below Python's own footprint). `--scaling` also runs check at three
plan sizes and report at three history lengths, to show how cost grows.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
GNU_TIME = shutil.which("time") if os.path.exists("/usr/bin/time") else None
ENV = dict(os.environ, CAIRN_TODAY="2026-11-24", NO_COLOR="1")


def generate(out: Path, initiatives: int, items: int, commits: int | None) -> Path:
    """Generates a plan (and history) once; reuses it when the parameters are unchanged."""
    stamp = f"{initiatives} {items} {commits} {(HERE / 'gen-plan.py').stat().st_mtime_ns}"
    marker = out.parent / (out.name + ".params")
    if out.is_dir() and marker.is_file() and marker.read_text() == stamp:
        return out
    print(f"bench: generating {out} ({initiatives} initiatives, {items} items, {commits or 0} commits)", file=sys.stderr)
    cmd = [sys.executable, str(HERE / "gen-plan.py"), str(out), "--initiatives", str(initiatives),
           "--items", str(items), "--force", "-q"]
    if commits:
        cmd += ["--git", str(commits)]
    subprocess.run(cmd, check=True)
    marker.write_text(stamp)
    return out


def run_once(argv, cwd) -> tuple[float, int]:
    """Wall seconds and peak RSS in bytes of one run; output goes to /dev/null."""
    with tempfile.NamedTemporaryFile("r") as rss:
        full = [GNU_TIME, "-f", "%M", "-o", rss.name, *argv] if GNU_TIME else argv
        start = time.perf_counter()
        proc = subprocess.Popen(full, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in (0, 1):
            raise SystemExit(f"bench: {' '.join(argv)} exited {proc.returncode}")
        peak = int(rss.read().strip().splitlines()[-1]) * 1024 if GNU_TIME else usage.ru_maxrss * 1024
    return elapsed, peak


def measure(argv, cwd, runs: int, warmup: int = 1) -> dict:
    for _ in range(warmup):
        run_once(argv, cwd)
    samples = [run_once(argv, cwd) for _ in range(runs)]
    times = [t for t, _ in samples]
    return {"median": statistics.median(times), "min": min(times), "max": max(times),
            "rss": max(r for _, r in samples)}


def plan_bytes(plan: Path) -> tuple[int, int]:
    files = [p for d in ("roadmap", "backlog") for p in (plan / d).rglob("*.md")]
    return len(files), sum(p.stat().st_size for p in files)


def sh(cmd: str) -> list[str]:
    return ["bash", "-c", cmd]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=str(REPO / "target/release/cairn"))
    ap.add_argument("--dir", default=os.environ.get("BENCH_DIR", "/tmp/cairn-bench"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--scaling", action="store_true", help="also measure growth at three sizes")
    a = ap.parse_args()
    cairn = a.bin
    if not os.access(cairn, os.X_OK):
        raise SystemExit(f"bench: no cairn binary at {cairn}: run scripts/bench.sh or cargo build --release")
    base = Path(a.dir)
    base.mkdir(parents=True, exist_ok=True)
    plan = generate(base / "plan-20k", 200, 20000, None)
    hist = generate(base / "hist-5k-3000", 50, 5000, 3000)

    cat_floor = sh("{ cat cairn.yml; find roadmap backlog -name '*.md' -print0 | xargs -0 cat; } > /dev/null")
    log_floor = ["git", "log", "-p", "--first-parent", "--", "roadmap", "backlog"]
    diff_floor = ["git", "diff", "HEAD~300", "HEAD", "--", "roadmap", "backlog"]
    rows = [
        ("check --format json", "20,000 items, 200 initiatives", plan, cat_floor, "cat of the plan files",
         [cairn, "check", "--format", "json"], 1.5),
        ("backlog --format json", "same", plan, cat_floor, "same", [cairn, "backlog", "--format", "json"], 1.5),
        ("report --format json", "3,000 commits over 5,000 items", hist, log_floor,
         "git log -p --first-parent -- roadmap backlog", [cairn, "report", "--format", "json"], 2.0),
        ("log", "same", hist, log_floor, "same", [cairn, "log"], 2.0),
        ("diff HEAD~300 HEAD --format json", "same", hist, diff_floor, "git diff HEAD~300 HEAD -- roadmap backlog",
         [cairn, "diff", "HEAD~300", "HEAD", "--format", "json"], 3.0),
    ]
    version = subprocess.run([cairn, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"## cairn benchmark\n\n{version}; {os.cpu_count()} cores; {os.uname().sysname} {os.uname().release}; "
          f"median of {a.runs} runs after one warm-up; peak RSS from {'GNU time' if GNU_TIME else 'wait4'}.\n")
    print("| operation | data | floor | floor median | cairn median | ratio | target | |")
    print("|---|---|---|---:|---:|---:|---:|---|")
    floors: dict = {}
    check_rss = None
    ok = True
    for op, data, cwd, floor, floor_name, cmd, target in rows:
        key = (str(cwd), tuple(floor))
        if key not in floors:
            floors[key] = measure(floor, cwd, a.runs)
        f = floors[key]
        m = measure(cmd, cwd, a.runs)
        if op.startswith("check"):
            check_rss = m["rss"]
        ratio = m["median"] / f["median"]
        ok &= ratio <= target
        print(f"| `{op}` | {data} | `{floor_name}` | {f['median']:.3f} s | {m['median']:.3f} s | "
              f"{ratio:.2f}× | ≤ {target}× | {'ok' if ratio <= target else 'MISSED'} |")

    # The diff's cold run: without the link cache under .git/cairn/.
    shutil.rmtree(hist / ".git" / "cairn", ignore_errors=True)
    cold, _ = run_once([cairn, "diff", "HEAD~300", "HEAD", "--format", "json"], hist)
    print(f"\n`diff` cold (no `.git/cairn/` cache yet): {cold:.3f} s; the table's runs are warm.")

    n, size = plan_bytes(plan)
    if check_rss is not None:
        print(f"\nPeak RSS of `check`: {check_rss / 2**20:.1f} MiB for {n} files, {size / 2**20:.1f} MiB "
              f"= {check_rss / size:.2f}× the plan's bytes (target ≤ 4×).")
        ok &= check_rss / size <= 4

    if a.scaling:
        print("\n### Growth\n\n| operation | size | median | per unit |\n|---|---|---:|---:|")
        def changes(repo: Path) -> int:
            out = subprocess.run(["git", "log", "--first-parent", "--raw", "--no-renames", "--format=", "--",
                                  "roadmap", "backlog"], cwd=repo, capture_output=True, text=True, check=True).stdout
            return sum(1 for line in out.splitlines() if line.startswith(":"))
        for items in (5000, 10000, 20000):
            p = generate(base / f"plan-{items // 1000}k", items // 100, items, None)
            m = measure([cairn, "check", "--format", "json"], p, a.runs)
            print(f"| `check --format json` | {items} items | {m['median']:.3f} s | {m['median'] / items * 1e6:.1f} µs/item |")
        for items, commits in ((5000, 1000), (5000, 2000), (5000, 3000), (10000, 3000), (20000, 3000)):
            h = generate(base / f"hist-{items // 1000}k-{commits}", items // 100, items, commits)
            m = measure([cairn, "report", "--format", "json"], h, a.runs)
            n = changes(h)
            print(f"| `report --format json` | {items} items, {commits} commits, {n} file changes | {m['median']:.3f} s | "
                  f"{m['median'] / n * 1e6:.0f} µs/change |")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
