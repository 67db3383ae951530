#!/usr/bin/env python3
"""Independent sanity check of a plan made by gen-plan.py (not a replacement for `cairn check`).

Usage: verify-plan.py PLAN_DIR [--today YYYY-MM-DD]

Checks the SPEC section 5 rules that gen-plan.py promises to respect: unique ids, every
item traces to an existing initiative, depends_on targets exist and stay within their kind,
no depends_on cycle, planned/active initiatives have a unique priority and at least one
item, open initiatives' targets have not ended, ready/active items have acceptance
criteria, done items have all criteria checked, no open/active item under a done/dropped
initiative, initiative bodies have at most 5 checkboxes. Reads front matter with PyYAML
when installed, else with a tiny parser for the subset gen-plan.py writes. Bodies are
scanned line by line (fenced code skipped), which is enough for generated files.
Exit 0 when clean, 1 with a list of problems otherwise.
"""

import argparse
import calendar
import datetime
import os
import re
import sys

try:
    import yaml  # type: ignore

    def load_fm(text):
        return yaml.load(text, Loader=yaml.BaseLoader)  # every scalar as a string
except ImportError:  # pragma: no cover
    yaml = None

    def _scalar(v):
        v = v.strip()
        if v[:1] == '"' and v[-1:] == '"':
            return v[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        if v[:1] == "'" and v[-1:] == "'":
            return v[1:-1].replace("''", "'")
        return v

    def load_fm(text):
        out, key = {}, None
        for line in text.split("\n"):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if line.startswith("  - ") and key:
                out.setdefault(key, []).append(_scalar(line[4:]))
                continue
            k, _, v = line.partition(":")
            key, v = k.strip(), v.strip()
            if v.startswith("[") and v.endswith("]"):
                out[key] = [_scalar(x) for x in v[1:-1].split(",") if x.strip()]
            elif v:
                out[key] = _scalar(v)
        return out

OPEN = {"proposed", "planned", "todo", "ready"}
ACTIVE = {"active", "in-progress", "in-review"}
CLOSED = {"done", "dropped", "wontdo"}
INIT_STATUS = {"proposed", "planned", "active", "done", "dropped"}
ITEM_STATUS = {"todo", "ready", "in-progress", "in-review", "done", "wontdo"}
TYPES = {"story", "task", "bug", "spike", "chore"}


def period_end(s):
    s = str(s)
    m = re.fullmatch(r"(\d{4})(?:-(H[12]|Q[1-4]|\d{2})(?:-(\d{2}))?)?", s)
    if not m:
        return None
    y = int(m.group(1))
    p, d = m.group(2), m.group(3)
    if p is None:
        return datetime.date(y, 12, 31)
    if p[0] == "H":
        return datetime.date(y, 6, 30) if p == "H1" else datetime.date(y, 12, 31)
    if p[0] == "Q":
        mo = 3 * int(p[1])
        return datetime.date(y, mo, calendar.monthrange(y, mo)[1])
    mo = int(p)
    if d is None:
        return datetime.date(y, mo, calendar.monthrange(y, mo)[1])
    return datetime.date(y, mo, int(d))


def read(path):
    raw = open(path, "rb").read()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    text = raw.decode("utf-8").replace("\r\n", "\n")
    if not text.startswith("---\n"):
        raise ValueError("no front matter")
    end = text.find("\n---\n", 3)
    if end < 0:
        raise ValueError("unterminated front matter")
    fm = load_fm(text[4:end + 1])
    if not isinstance(fm, dict):
        raise ValueError("front matter is not a mapping")
    return fm, text[end + 5:]


def criteria(body):
    """(checked, total, found) of the first 'Acceptance criteria' heading's task list."""
    in_code = False
    state = 0  # 0 before heading, 1 in list
    checked = total = 0
    found = False
    boxes = 0
    for line in body.split("\n"):
        if line.startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            continue
        m = re.match(r"- \[([ xX])\] ", line)
        if m:
            boxes += 1
        if re.match(r"#{1,6}\s+acceptance criteria\s*$", line, re.I):
            state, found = 1, True
            continue
        if state == 1:
            if m:
                total += 1
                checked += m.group(1) != " "
            elif line.startswith("#"):
                state = 2
    return checked, total, found, boxes


def walk(root):
    for dp, dns, fns in os.walk(root):
        dns[:] = sorted(d for d in dns if not d.startswith("."))
        for fn in sorted(fns):
            if fn.endswith(".md") and fn.lower() != "readme.md" and fn[0] not in "_.":
                yield os.path.join(dp, fn)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("plan")
    ap.add_argument("--today", default="2026-11-24")
    a = ap.parse_args()
    today = datetime.date.fromisoformat(a.today)
    problems = []
    inits, items, where = {}, {}, {}

    def bad(path, msg):
        problems.append(f"{os.path.relpath(path, a.plan)}: {msg}")

    for kind, folder in (("initiative", "roadmap"), ("item", "backlog")):
        for path in walk(os.path.join(a.plan, folder)):
            try:
                fm, body = read(path)
            except Exception as e:  # noqa: BLE001
                bad(path, f"parse: {e}")
                continue
            iid = fm.get("id") or os.path.basename(path)[:-3]
            if iid in where:
                bad(path, f"duplicate id {iid} (also {where[iid]})")
            where[iid] = os.path.relpath(path, a.plan)
            if not fm.get("title"):
                bad(path, "no title")
            fm["_path"], fm["_crit"] = path, criteria(body)
            (inits if kind == "initiative" else items)[iid] = fm

    children = {i: [] for i in inits}
    for iid, fm in items.items():
        p = fm["_path"]
        st = fm.get("status", "todo")
        if st not in ITEM_STATUS:
            bad(p, f"status {st!r}")
        if fm.get("type", "story") not in TYPES:
            bad(p, f"type {fm.get('type')!r}")
        ini = fm.get("initiative")
        if not ini:
            bad(p, "link/orphan")
        elif ini not in inits:
            bad(p, f"link/{'kind' if ini in items else 'dangling'}: initiative {ini}")
        else:
            children[ini].append(iid)
            if st not in CLOSED and inits[ini].get("status", "proposed") in ("done", "dropped"):
                bad(p, f"link/closed-initiative: {st} under {ini}")
        for d in fm.get("depends_on") or []:
            if d not in items:
                bad(p, f"link/{'kind' if d in inits else 'dangling'}: depends_on {d}")
        chk, tot, found, _ = fm["_crit"]
        if st in ("ready", "in-progress", "in-review") and tot == 0:
            bad(p, "backlog/acceptance-criteria")
        if st == "done" and chk < tot:
            bad(p, f"backlog/done-unchecked {chk}/{tot}")
        for f in ("priority",):
            if f in fm and not str(fm[f]).isdigit():
                bad(p, f"{f} {fm[f]!r}")

    prio = {}
    for iid, fm in inits.items():
        p = fm["_path"]
        st = fm.get("status", "proposed")
        if st not in INIT_STATUS:
            bad(p, f"status {st!r}")
        for d in fm.get("depends_on") or []:
            if d not in inits:
                bad(p, f"link/{'kind' if d in items else 'dangling'}: depends_on {d}")
        if st in ("planned", "active"):
            if not children[iid]:
                bad(p, "roadmap/empty-initiative")
            if "priority" not in fm:
                bad(p, "roadmap/priority: none")
        if "priority" in fm:
            if fm["priority"] in prio and (st in ("planned", "active") or
                                           inits[prio[fm["priority"]]].get("status") in
                                           ("planned", "active")):
                bad(p, f"roadmap/priority: {fm['priority']} shared with {prio[fm['priority']]}")
            prio[fm["priority"]] = iid
        for f in ("start", "target"):
            if f in fm and period_end(fm[f]) is None:
                bad(p, f"{f} {fm[f]!r} is not a period")
        if "target" in fm and st not in CLOSED:
            end = period_end(fm["target"])
            if end is not None and end < today:
                bad(p, f"roadmap/overdue: {fm['target']}")
        if fm["_crit"][3] > 5:
            bad(p, "roadmap/task-list")

    # cycles (both kinds), iterative DFS
    for graph in (items, inits):
        color = {}
        for start in graph:
            if start in color:
                continue
            stack = [(start, iter(graph[start].get("depends_on") or []))]
            color[start] = 1
            while stack:
                node, it = stack[-1]
                nxt = next(it, None)
                if nxt is None:
                    color[node] = 2
                    stack.pop()
                elif nxt in graph:
                    if color.get(nxt) == 1:
                        bad(graph[nxt]["_path"], f"link/cycle through {node} -> {nxt}")
                    elif nxt not in color:
                        color[nxt] = 1
                        stack.append((nxt, iter(graph[nxt].get("depends_on") or [])))

    n_dep = sum(len(fm.get("depends_on") or []) for fm in items.values())
    print(f"verify-plan: {len(inits)} initiatives, {len(items)} items, {n_dep} item "
          f"dependencies, {len(problems)} problems")
    for p in problems[:50]:
        print("  " + p)
    if len(problems) > 50:
        print(f"  ... and {len(problems) - 50} more")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
