#!/usr/bin/env python3
"""Time commands and read their peak RSS; print a Markdown table. Used by scripts/bench.sh.

    measure.py run --label LABEL --out RESULTS.jsonl [--runs 5] [--warmup 1] [--cwd DIR]
                   [--ok-codes 0,1] -- ARGV...
        Runs ARGV (no shell; use `bash -c '...'` for pipelines) with stdin and stdout on
        /dev/null (stderr kept), WARMUP times unmeasured then RUNS times measured. Wall
        clock: time.perf_counter around spawn + wait. Peak RSS: the child's ru_maxrss, which
        on Linux is the largest of the child and of every descendant it waited for (so a
        `bash -c` pipeline reports its largest stage). A child spawned straight from Python
        inherits Python's own high-water mark (fork/vfork copy the page counters, ~13 MiB),
        so when GNU time is installed the command runs under `/usr/bin/time -f %M` (a ~1 MiB
        process, adds ~1 ms) and its figure is used; otherwise os.wait4's figure is kept
        and flagged as a floor of Python's RSS. Appends one JSON line to RESULTS. Exit 1 if
        any run exits outside --ok-codes.

    measure.py table RESULTS.jsonl --plan DIR [--floor LABEL]
        Markdown table of every result (median, min, max seconds, peak RSS MiB, exit codes),
        the plan's file count and bytes (cairn.yml and every *.md under roadmap/ and
        backlog/), and per command: median / floor median and peak RSS / plan bytes.
        The floor is the row labelled LABEL (default: the first row).

Standard library only; Linux (ru_maxrss in KiB).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

GNU_TIME = "/usr/bin/time"


def have_gnu_time():
    try:
        out = subprocess.run([GNU_TIME, "--version"], capture_output=True, text=True)
    except OSError:
        return False
    return "GNU" in out.stdout + out.stderr


def run_once(argv, cwd, rss_file):
    """(seconds, peak RSS bytes, exit code, rss_source) of one run."""
    fa = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
          (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)]
    if rss_file:
        argv = [GNU_TIME, "-f", "%M", "-o", rss_file, "--"] + list(argv)
    old = os.getcwd()
    if cwd:
        os.chdir(cwd)  # posix_spawn has no portable chdir action before Python 3.13
    try:
        t0 = time.perf_counter()
        pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=fa)
        _, status, ru = os.wait4(pid, 0)
        dt = time.perf_counter() - t0
    finally:
        os.chdir(old)
    code = os.waitstatus_to_exitcode(status)
    if rss_file:
        # GNU time passes the exit status on (128+N for a signal) and may write a
        # "Command exited with non-zero status" line before the figure.
        lines = [l for l in open(rss_file).read().split("\n") if l.strip()]
        return dt, int(lines[-1]) * 1024, code, "gnu-time"
    return dt, ru.ru_maxrss * 1024, code, "wait4"


def cmd_run(a):
    argv = a.argv[1:] if a.argv and a.argv[0] == "--" else a.argv
    if not argv:
        sys.exit("measure.py run: no command given")
    ok = {int(x) for x in a.ok_codes.split(",")}
    rss_file = None
    if have_gnu_time() and not a.no_gnu_time:
        fd, rss_file = tempfile.mkstemp(prefix="measure-rss.")
        os.close(fd)
    try:
        for _ in range(a.warmup):
            run_once(argv, a.cwd, rss_file)
        times, rss, codes = [], [], []
        for _ in range(a.runs):
            dt, r, c, source = run_once(argv, a.cwd, rss_file)
            times.append(dt)
            rss.append(r)
            codes.append(c)
    finally:
        if rss_file:
            os.unlink(rss_file)
    rec = {"label": a.label, "argv": argv, "times": times, "maxrss": rss, "codes": codes,
           "rss_source": source}
    if source == "wait4":
        with open("/proc/self/status") as f:
            hwm = [l for l in f if l.startswith("VmHWM:")]
        rec["rss_floor"] = int(hwm[0].split()[1]) * 1024 if hwm else 0
    with open(a.out, "a") as f:
        f.write(json.dumps(rec) + "\n")
    bad = [c for c in codes if c not in ok]
    print(f"measure: {a.label}: median {statistics.median(times):.3f} s, "
          f"peak RSS {max(rss) / 2**20:.1f} MiB, exit {sorted(set(codes))}", file=sys.stderr)
    if bad:
        print(f"measure: {a.label}: exit code(s) {sorted(set(bad))} not in {sorted(ok)}",
              file=sys.stderr)
        sys.exit(1)


def plan_size(plan):
    files = total = 0
    y = os.path.join(plan, "cairn.yml")
    if os.path.isfile(y):
        files, total = 1, os.path.getsize(y)
    for sub in ("roadmap", "backlog"):
        for dp, dns, fns in os.walk(os.path.join(plan, sub)):
            for fn in fns:
                if fn.endswith(".md"):
                    files += 1
                    total += os.path.getsize(os.path.join(dp, fn))
    return files, total


def cmd_table(a):
    recs = [json.loads(l) for l in open(a.results) if l.strip()]
    if not recs:
        sys.exit("measure.py table: no results")
    files, total = plan_size(a.plan)
    floor = next((r for r in recs if r["label"] == a.floor), recs[0]) if a.floor else recs[0]
    fmed = statistics.median(floor["times"])
    print(f"Plan: `{a.plan}`: {files} files, {total} bytes ({total / 2**20:.1f} MiB); "
          f"{len(floor['times'])} measured runs after warm-up; floor = `{floor['label']}`.")
    sources = {r.get("rss_source", "wait4") for r in recs}
    if sources == {"gnu-time"}:
        print("Peak RSS: GNU time's %M (ru_maxrss of the command; a pipeline's largest stage).")
    else:
        floors = [r.get("rss_floor", 0) for r in recs if r.get("rss_source") != "gnu-time"]
        print(f"Peak RSS: os.wait4's ru_maxrss, which cannot read below the measuring Python's "
              f"own {max(floors) / 2**20:.1f} MiB (no GNU time here).")
    print()
    print("| command | median s | min s | max s | peak RSS MiB | exit | × floor (median) "
          "| peak RSS / plan bytes |")
    print("|---|---:|---:|---:|---:|---|---:|---:|")
    for r in recs:
        med = statistics.median(r["times"])
        peak = max(r["maxrss"])
        ratio = "—" if r is floor else f"{med / fmed:.1f}×" if fmed > 0 else "n/a"
        print(f"| `{r['label']}` | {med:.3f} | {min(r['times']):.3f} | {max(r['times']):.3f} "
              f"| {peak / 2**20:.1f} | {','.join(str(c) for c in sorted(set(r['codes'])))} "
              f"| {ratio} | {peak / total:.2f} |")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--label", required=True)
    r.add_argument("--out", required=True)
    r.add_argument("--runs", type=int, default=5)
    r.add_argument("--warmup", type=int, default=1)
    r.add_argument("--cwd")
    r.add_argument("--ok-codes", default="0")
    r.add_argument("--no-gnu-time", action="store_true",
                   help="read peak RSS from os.wait4 even when GNU time is installed")
    r.add_argument("argv", nargs=argparse.REMAINDER)
    t = sub.add_parser("table")
    t.add_argument("results")
    t.add_argument("--plan", required=True)
    t.add_argument("--floor")
    a = ap.parse_args()
    (cmd_run if a.cmd == "run" else cmd_table)(a)


if __name__ == "__main__":
    main()
