#!/usr/bin/env python3
"""cairn's benchmark: each operation's median against its physical floor.

Run through scripts/bench.sh, which builds the release binary first. Data is generated
outside the repository (BENCH_DIR, default /tmp/cairn-bench) by scripts/gen-plan.py,
deterministically, once per set of parameters.

Targets (ratio = cairn median / floor median, both measured side by side in one run):

| operation                        | data                                            | floor                                      | target |
|----------------------------------|-------------------------------------------------|--------------------------------------------|--------|
| check --format json              | 20,000 items, 200 initiatives, 3,000 commits    | cat of the plan files                      | 1.5x   |
| check --format json              | 10,000 items, a third active, 1 commit          | cat of the plan files                      | 1.5x   |
| report --format json             | 20,000 items, 3,000 commits                     | git log -p --first-parent -- roadmap backlog | 1.5x |
| log                              | same                                            | same                                       | 1.2x   |
| diff HEAD~300 HEAD --format json | same                                            | git diff HEAD~300 HEAD -- roadmap backlog  | 2x     |
| check --format json              | 20,000 items, outside git                       | cat of the plan files                      | 1.5x   |
| backlog --format json            | same                                            | same                                       | 1.5x   |
| peak memory of check             | 20,000 items (in git)                           | the plan's bytes                           | 3x     |

Method. Each row runs the floor and cairn once to warm the page cache, then alternates
floor and cairn runs (--runs times each) so that both see the same machine state. Inside a
git repository cairn runs twice per round: a "first run" after deleting .git/cairn/ (no
persistent cache) and a "warm" run right after it (the cache the first run left). The
target is judged on the first run; the warm column shows what a second invocation costs.
Peak RSS comes from GNU time (%M) when /usr/bin/time exists, else from wait4. The last
column gives CPU seconds (user + system, medians) of the floor, the first run and the warm
run: on a busy machine wall times inflate, CPU times much less.

Growth tables (check in git, report and log at 5k, 10k and 20k items) show the cost per
unit and a growth factor per size step: 1.0 is linear, 2.0 means the cost per unit doubled
when the size doubled (quadratic).

--quick: 3 runs for target rows, 1 for growth rows, and growth at two sizes only (the
target rows' data plus 5k); every target row is still printed with its ratio.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
ENV = dict(os.environ, CAIRN_TODAY="2026-11-24", NO_COLOR="1")
ENV.pop("CI", None)

# --------------------------------------------------------------------------- data


class Data:
    """A generated plan (and maybe its repository) and its facts."""

    def __init__(self, path: Path, items: int, commits: int | None, active: float | None):
        self.path, self.items, self.commits, self.active = path, items, commits, active
        files = [p for d in ("roadmap", "backlog") for p in (path / d).rglob("*.md")]
        self.files = len(files)
        self.bytes = sum(p.stat().st_size for p in files) + (path / "cairn.yml").stat().st_size
        pattern = re.compile(rb"^status: (in-progress|in-review)\r?$", re.M)
        self.n_active = sum(1 for p in (path / "backlog").rglob("*.md")
                            if "/archive/" not in str(p) and pattern.search(p.read_bytes()))
        self._changes = None

    @property
    def in_git(self) -> bool:
        return self.commits is not None

    def changes(self) -> int:
        """File changes on the first-parent line in the plan folders (what history reads)."""
        if self._changes is None:
            out = subprocess.run(["git", "log", "--first-parent", "--raw", "--no-renames", "--format=", "--",
                                  "roadmap", "backlog"], cwd=self.path, capture_output=True, text=True,
                                 check=True).stdout
            self._changes = sum(1 for line in out.splitlines() if line.startswith(":"))
        return self._changes

    def describe(self) -> str:
        parts = [f"{self.items:,} items, {max(1, self.items // 100)} initiatives"]
        if self.active is not None:
            parts.append(f"{self.n_active:,} active")
        parts.append(f"{self.commits:,} commit{'s' if self.commits != 1 else ''}" if self.in_git else "outside git")
        return ", ".join(parts) + f" ({self.bytes / 2**20:.1f} MiB)"


def dataset(base: Path, items: int, commits: int | None = None, active: float | None = None) -> Data:
    """Generates a plan (and history) once; reuses it while the parameters and gen-plan.py
    are unchanged. 100 items per initiative."""
    k = f"{items // 1000}k" if items % 1000 == 0 else str(items)
    if active is not None:
        name = f"active{round(active * 100)}-{k}-{commits or 0}"
    elif commits is not None:
        name = f"hist-{k}-{commits}"
    else:
        name = f"plan-{k}"
    out = base / name
    initiatives = max(1, items // 100)
    stamp = f"{initiatives} {items} {commits} {active} {(HERE / 'gen-plan.py').stat().st_mtime_ns}"
    marker = base / (name + ".params")
    if not (out.is_dir() and marker.is_file() and marker.read_text() == stamp):
        log(f"generating {out} ({initiatives} initiatives, {items} items, {commits or 0} commits"
            f"{f', {active:.0%} active' if active is not None else ''})")
        cmd = [sys.executable, str(HERE / "gen-plan.py"), str(out), "--initiatives", str(initiatives),
               "--items", str(items), "--force", "-q"]
        if commits:
            cmd += ["--git", str(commits)]
        if active is not None:
            cmd += ["--active", str(active)]
        subprocess.run(cmd, check=True)
        marker.write_text(stamp)
    return Data(out, items, commits, active)


# --------------------------------------------------------------------------- measuring


def log(msg: str) -> None:
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def run_once(argv: list[str], cwd: Path) -> tuple[float, int, float]:
    """Wall seconds, peak RSS in bytes and CPU seconds (user + system, the process and its
    children) of one run; output goes to /dev/null."""
    with tempfile.NamedTemporaryFile("r") as rss:
        full = [GNU_TIME, "-f", "%M", "-o", rss.name, *argv] if GNU_TIME else argv
        start = time.perf_counter()
        proc = subprocess.Popen(full, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            raise SystemExit(f"bench: `{' '.join(argv)}` in {cwd} exited {code}")
        peak = int(rss.read().strip().splitlines()[-1]) * 1024 if GNU_TIME else usage.ru_maxrss * 1024
    # wait4's usage of the child includes the children it waited for (GNU time's child).
    cpu = usage.ru_utime + usage.ru_stime
    return elapsed, peak, cpu


def summary(samples: list[tuple[float, int, float]]) -> dict | None:
    if not samples:
        return None
    times = [t for t, _, _ in samples]
    return {"median": statistics.median(times), "min": min(times), "max": max(times),
            "rss": max(r for _, r, _ in samples), "cpu": statistics.median(c for _, _, c in samples),
            "runs": len(samples)}


def measure(floor: list[str], cmd: list[str], data: Data, runs: int) -> dict:
    """Floor and cairn side by side: one warm-up each, then `runs` alternating rounds. In a
    repository each round has a first run (without .git/cairn/) and a warm run."""
    cwd = data.path
    cache = cwd / ".git" / "cairn"
    run_once(floor, cwd)
    run_once(cmd, cwd)
    f, first, warm = [], [], []
    for _ in range(runs):
        f.append(run_once(floor, cwd))
        if data.in_git:
            shutil.rmtree(cache, ignore_errors=True)
        first.append(run_once(cmd, cwd))
        if data.in_git:
            warm.append(run_once(cmd, cwd))
    return {"floor": summary(f), "first": summary(first), "warm": summary(warm)}


def sh(cmd: str) -> list[str]:
    return ["bash", "-c", cmd]


CAT = sh("{ cat cairn.yml; find roadmap backlog -name '*.md' -print0 | xargs -0 cat; } > /dev/null")
CAT_NAME = "`cat` of the plan files"
LOG = ["git", "log", "-p", "--first-parent", "--", "roadmap", "backlog"]
LOG_NAME = "`git log -p --first-parent -- roadmap backlog`"
DIFF = ["git", "diff", "HEAD~300", "HEAD", "--", "roadmap", "backlog"]
DIFF_NAME = "`git diff HEAD~300 HEAD -- roadmap backlog`"


def fmt_cpu(m: dict) -> str:
    return " / ".join(f"{m[k]['cpu']:.2f}" if m.get(k) else "—" for k in ("floor", "first", "warm"))


def fmt_s(s: dict | None) -> str:
    return f"{s['median']:.3f} s" if s else "—"


def ratio(m: dict, key: str) -> float | None:
    return m[key]["median"] / m["floor"]["median"] if m.get(key) else None


def fmt_r(r: float | None) -> str:
    return f"{r:.2f}×" if r is not None else "—"


def mib(b: int) -> str:
    return f"{b / 2**20:.0f} MiB"


# --------------------------------------------------------------------------- main


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=str(REPO / "target/release/cairn"))
    ap.add_argument("--dir", default=os.environ.get("BENCH_DIR", "/tmp/cairn-bench"))
    ap.add_argument("--quick", action="store_true",
                    help="3 runs per target row, 1 per growth row, growth at two sizes (a few minutes)")
    ap.add_argument("--runs", type=int, help="timed runs per target row (default 5, quick 3)")
    ap.add_argument("--growth-runs", type=int, help="timed runs per growth row (default 3, quick 1)")
    ap.add_argument("--no-growth", action="store_true", help="only the target table")
    ap.add_argument("--only", metavar="REGEX", help="only target rows and growth tables whose operation matches")
    ap.add_argument("--prepare", action="store_true", help="generate the data and exit")
    ap.add_argument("--json", metavar="FILE", help="also write every measurement as JSON")
    a = ap.parse_args()
    runs = a.runs or (3 if a.quick else 5)
    growth_runs = a.growth_runs or (1 if a.quick else 3)
    cairn = a.bin
    base = Path(a.dir)
    base.mkdir(parents=True, exist_ok=True)
    only = re.compile(a.only) if a.only else None

    def wanted(op: str) -> bool:
        return only is None or bool(only.search(op))

    # The data: target rows, then growth sizes (quick: the target rows' sizes plus 5k).
    hist20 = dataset(base, 20000, 3000)
    third10 = dataset(base, 10000, 1, 1 / 3)
    plan20 = dataset(base, 20000)
    third_sizes = (5000, 10000) if a.quick else (5000, 10000, 20000)
    hist_sizes = (5000, 20000) if a.quick else (5000, 10000, 20000)
    growth = not a.no_growth
    thirds = {n: dataset(base, n, 1, 1 / 3) for n in third_sizes} if growth else {}
    hists = {n: dataset(base, n, 3000) for n in hist_sizes} if growth else {}
    lengths = {c: dataset(base, 5000, c) for c in (1000, 2000, 3000)} if growth and not a.quick else {}
    if a.prepare:
        return 0
    if not os.access(cairn, os.X_OK):
        raise SystemExit(f"bench: no cairn binary at {cairn}: run scripts/bench.sh or cargo build --release")

    results: dict = {"targets": [], "growth": {}, "memory": {}}
    done: dict = {}  # (data path, argv) -> measurement, reused by the growth tables

    def get(floor, cmd, data, n):
        key = (str(data.path), tuple(cmd))
        if key not in done or done[key]["first"]["runs"] < n:
            log(f"{' '.join(cmd[1:])} in {data.path.name} ({n} runs)")
            done[key] = measure(floor, cmd, data, n)
        return done[key]

    c = cairn
    targets = [
        ("check --format json", hist20, CAT, CAT_NAME, [c, "check", "--format", "json"], 1.5),
        ("check --format json", third10, CAT, CAT_NAME, [c, "check", "--format", "json"], 1.5),
        ("report --format json", hist20, LOG, LOG_NAME, [c, "report", "--format", "json"], 1.5),
        ("log", hist20, LOG, LOG_NAME, [c, "log"], 1.2),
        ("diff HEAD~300 HEAD --format json", hist20, DIFF, DIFF_NAME,
         [c, "diff", "HEAD~300", "HEAD", "--format", "json"], 2.0),
        ("check --format json", plan20, CAT, CAT_NAME, [c, "check", "--format", "json"], 1.5),
        ("backlog --format json", plan20, CAT, CAT_NAME, [c, "backlog", "--format", "json"], 1.5),
    ]
    version = (subprocess.run([cairn, "--version"], capture_output=True, text=True).stdout.strip().splitlines()
               or ["cairn (unknown version)"])[0]
    out: list[str] = []

    def emit(line: str = "") -> None:
        out.append(line)
        print(line, flush=True)

    emit(f"## cairn benchmark{' (quick)' if a.quick else ''}\n")
    emit(f"{version}; {os.cpu_count()} cores; {os.uname().sysname} {os.uname().release}; median of {runs} runs "
         f"(growth rows: {growth_runs}) after one warm-up; floor and cairn alternate; peak RSS from "
         f"{'GNU time' if GNU_TIME else 'wait4'}. \"first run\": without `.git/cairn/`; \"warm\": the run "
         "right after it. Targets are judged on the first run.\n")
    load_before = os.getloadavg()[0]
    emit("| operation | data | floor | floor median | cairn first run | ratio | cairn warm | ratio | peak RSS "
         "| target | | CPU s: floor / first / warm |")
    emit("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|")
    ok = True
    for op, data, floor, floor_name, cmd, target in targets:
        if not wanted(op):
            continue
        m = get(floor, cmd, data, runs)
        r1, r2 = ratio(m, "first"), ratio(m, "warm")
        status = "ok" if r1 <= target else ("warm only" if r2 is not None and r2 <= target else "MISSED")
        ok &= r1 <= target
        emit(f"| `{op}` | {data.describe()} | {floor_name} | {fmt_s(m['floor'])} | {fmt_s(m['first'])} | "
             f"{fmt_r(r1)} | {fmt_s(m['warm'])} | {fmt_r(r2)} | {mib(m['first']['rss'])} | ≤ {target}× | "
             f"{status} | {fmt_cpu(m)} |")
        results["targets"].append({"operation": op, "data": data.describe(), "dir": str(data.path),
                                   "floor_cmd": floor, "cmd": cmd[1:], "target": target, **m})

    # Peak memory of check, 20,000 items: in the repository (the target) and outside git.
    mem_lines = []
    for data, label, target in ((hist20, "in git (3,000 commits)", 3.0), (plan20, "outside git", None)):
        key = (str(data.path), (c, "check", "--format", "json"))
        if key in done:
            rss = max(done[key]["first"]["rss"], (done[key]["warm"] or {"rss": 0})["rss"])
            x = rss / data.bytes
            results["memory"][label] = {"rss": rss, "plan_bytes": data.bytes, "ratio": x}
            verdict = ""
            if target is not None:
                ok &= x <= target
                verdict = f" (target ≤ {target}×: {'ok' if x <= target else 'MISSED'})"
            mem_lines.append(f"- Peak RSS of `check --format json`, {data.items:,} items {label}: "
                             f"{rss / 2**20:.1f} MiB for {data.files:,} files of {data.bytes / 2**20:.1f} MiB "
                             f"= **{x:.2f}×** the plan's bytes{verdict}.")
    if mem_lines:
        emit()
        for line in mem_lines:
            emit(line)

    if growth:
        def table(title, op, datas, floor, cmd, unit):
            if not wanted(op):
                return
            emit(f"\n### Growth: {title}\n")
            emit(f"| size | floor median | cairn first run | ratio | cairn warm | per unit (first run) | "
                 "growth factor | CPU s: floor / first / warm |")
            emit("|---|---:|---:|---:|---:|---:|---:|---:|")
            prev = None
            rows = []
            for data in datas:
                n = runs if any(t[1] is data and t[4] == cmd for t in targets) else growth_runs
                m = get(floor, cmd, data, n)
                units, unit_name = unit(data)
                per = m["first"]["median"] / units
                factor = f"{per / prev:.2f}" if prev else "—"
                prev = per
                emit(f"| {data.describe()} | {fmt_s(m['floor'])} | {fmt_s(m['first'])} | "
                     f"{fmt_r(ratio(m, 'first'))} | {fmt_s(m['warm'])} | {per * 1e6:.1f} µs/{unit_name} | {factor} | "
                     f"{fmt_cpu(m)} |")
                rows.append({"dir": str(data.path), "units": units, "unit": unit_name, **m})
            results["growth"][title] = rows

        per_item = lambda d: (d.items, "item")  # noqa: E731
        per_change = lambda d: (d.changes(), "change")  # noqa: E731
        check = [c, "check", "--format", "json"]
        report = [c, "report", "--format", "json"]
        table("`check --format json` in git, a third active, 1 commit", "check --format json",
              list(thirds.values()), CAT, check, per_item)
        table("`check --format json` in git, 3,000 commits", "check --format json",
              list(hists.values()), CAT, check, per_item)
        table("`report --format json`, 3,000 commits (per file change)", "report --format json",
              list(hists.values()), LOG, report, per_change)
        table("`log`, 3,000 commits (per file change)", "log", list(hists.values()), LOG, [c, "log"], per_change)
        if lengths:
            table("`report --format json`, 5,000 items, history length (per file change)", "report --format json",
                  list(lengths.values()), LOG, report, per_change)
        emit("\nGrowth factor: the cost per unit divided by the one on the row above. 1.0 is linear; a "
             "quadratic cost gives the ratio of the sizes (2.0 from 5k to 10k, 4.0 from 5k to 20k).")

    load_after = os.getloadavg()[0]
    cores = os.cpu_count() or 1
    emit(f"\nLoad average (1 min) at the start / end: {load_before:.1f} / {load_after:.1f} on {cores} cores"
         + (" — the machine was busy: medians are inflated, compare ratios only with care." if
            max(load_before, load_after) > cores else "."))
    results["load"] = [load_before, load_after]
    if a.json:
        Path(a.json).write_text(json.dumps(results, indent=1))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
