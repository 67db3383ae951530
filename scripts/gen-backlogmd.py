#!/usr/bin/env python3
"""Generate a git repository in the shape Backlog.md (github.com/MrLesk/Backlog.md) writes.

Usage:
    gen-backlogmd.py OUT_DIR [--tasks N] [--milestones M] [--commits K] [--seed S]
                     [--no-config] [--config-at C] [--id-case-migration [C]] [--force] [-q]

For testing cairn on plans written for another tool (issue 12, SPEC sections 1, 2, 4). The
final tree holds

    backlog/config.yml                                   Backlog.md's own configuration
    backlog/milestones/m-<n> - <slug>.md                 milestones (the roadmap level)
    backlog/archive/milestones/m-<n> - <slug>.md         the oldest finished milestone
    backlog/tasks/task-<n> - <Title>.md                  tasks and subtasks (task-<n>.<k>)
    backlog/completed/task-<n> - <Title>.md              Done tasks moved by `backlog cleanup`
    backlog/archive/tasks/task-<n> - <Title>.md          archived ("won't do") tasks
    backlog/drafts/draft-<n> - <Title>.md                drafts (status Draft); some promoted
    backlog/archive/drafts/…, backlog/docs/doc-<n> - …, backlog/decisions/decision-<n> - …
    cairn.yml                                            the recipe, committed late (not with --no-config)

The history (`git fast-import`, fixed dates 6-40 hours apart ending 2026-11-23, deterministic
for a seed) creates tasks To Do, moves them To Do -> In Progress -> Done while checking their
acceptance criteria, re-prioritises some, moves finished ones to completed/ in periodic
cleanup commits, archives some, promotes drafts, adds docs and decisions, adds milestones and
archives the oldest finished one. cairn.yml (the content of
tests/fixtures/adopt/backlogmd/cairn.yml.recipe) appears only at commit C (default 70 % of the
history), so that history from before cairn.yml existed can be read.

Front matter follows Backlog.md's serializer: uppercase ids (`id: TASK-12`, file
`task-12 - Title.md`), `assignee: []` or a block list of quoted handles, quoted dates
('2026-09-02 10:14'), `milestone: m-3`, `dependencies:`, `parent_task_id:`, `priority:
high|medium|low`, `ordinal:`; bodies use Backlog.md's section markers (<!-- AC:BEGIN --> …).

With --id-case-migration, tasks are written the way older Backlog.md versions did (`id:
task-12`, lowercase dependencies) until commit C (default the middle of the history), where
every `id:` line of tasks/ and completed/ is uppercased and nothing else, exactly like
Backlog.md's own migration: the dependencies written before it stay lowercase.

Read with the recipe (and CAIRN_TODAY=2026-11-24) the final tree gives, by construction: no
parse error, unique ids, every dependency and milestone resolves (unless
--id-case-migration), no cycle, every In Progress task has acceptance criteria and was
changed in the last 10 days of history, every Done task has all its criteria checked. What it
does report is printed at the end: `link/orphan` warnings for tasks without a milestone
(Backlog.md makes the field optional) and `roadmap/overdue` warnings for finished milestones
whose planned_end has passed (a milestone has no status field; see adopt-recipes.md Q8).

Standard library only.
"""

import argparse
import datetime
import os
import random
import shutil
import subprocess
import sys
import time

TODAY = datetime.date(2026, 11, 24)
HISTORY_END = datetime.datetime(2026, 11, 23, 17, 0, 0, tzinfo=datetime.timezone.utc)
RECIPE = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir,
                      "tests", "fixtures", "adopt", "backlogmd", "cairn.yml.recipe")

# --------------------------------------------------------------------------- vocabulary

PEOPLE = [
    ("alice", "Alice Moreau"), ("bob", "Bob Okafor"), ("carol", "Carol Jensen"),
    ("dana", "Dana Kim"), ("emil", "Emil Novak"), ("farah", "Farah Haddad"),
    ("gus", "Gus Pereira"), ("hiro", "Hiro Tanaka"), ("ines", "Ines Duarte"),
    ("jon", "Jon Berg"),
]
AGENTS = ["codex", "claude"]  # Backlog.md boards often assign tasks to coding agents

MILESTONE_TITLES = [
    "Public Beta", "v1.0 Launch", "Teams & Permissions", "Integrations", "Mobile Apps",
    "Enterprise SSO", "Self-hosting", "Analytics", "Localization", "Marketplace",
    "Performance & Scale", "Compliance", "Billing v2", "Public API v2", "Offline Mode",
]
VERBS = ["Add", "Fix", "Improve", "Support", "Refactor", "Document", "Cache", "Validate",
         "Paginate", "Export", "Speed up", "Test", "Migrate", "Localize", "Audit"]
OBJECTS = [
    "incident timeline", "email digest", "webhook retries", "component groups",
    "uptime checks", "TLS certificate renewal", "subscriber import", "status badge",
    "maintenance windows", "RSS feed", "Slack notifications", "SMS alerts",
    "audit log", "API tokens", "team invitations", "role permissions", "SSO login",
    "billing page", "usage metering", "CSV export", "dark mode", "keyboard shortcuts",
    "search index", "rate limiting", "health endpoint", "config loader",
    "database migrations", "background jobs", "error pages", "onboarding checklist",
    "custom domains", "embed widget", "metrics dashboard", "response time chart",
    "incident templates", "postmortem editor", "on-call rotation", "escalation policy",
    "mobile layout", "public JSON API",
]
PREFIXES = ["", "", "", "", "API: ", "UI: ", "CLI: ", "Web: "]
LABELS = ["checks", "incidents", "notifications", "ui", "api", "ops", "billing", "auth",
          "perf", "docs", "a11y", "i18n"]
TYPES = ["bug", "feature", "enhancement", "task", "chore", "docs", "spike"]
PRIORITIES = ["high", "medium", "low"]
SENTENCES = [
    "Customers asked for this in the last two support reviews.",
    "Keep the behaviour behind a setting until the beta ends.",
    "The current implementation blocks the request thread while it waits.",
    "Measure before and after on the staging data set.",
    "Follow the pattern already used for component checks.",
    "Nothing changes for existing tenants unless they opt in.",
    "Write the migration so that it can run twice without harm.",
    "The page must stay usable without JavaScript.",
    "Log enough context to debug a failure from the logs alone.",
    "Agree the wording with support before shipping.",
]
CRITERIA = [
    "Covered by an integration test", "Works with screen readers",
    "Documented in the admin guide", "Behaves the same on the API and in the UI",
    "Errors are shown with a way to retry", "No regression in page load time",
    "Old data is migrated without downtime", "Setting is off by default",
    "Works for tenants with more than 500 components", "Emits a metric per failure",
]
DOC_TITLES = ["Architecture overview", "Release checklist", "On-call handbook",
              "API versioning policy", "Testing style guide", "Data retention",
              "Incident severity levels", "Local development setup"]
DECISION_TITLES = ["Store check results in SQLite", "Send email through a queue",
                   "Use server-side rendering for the public page", "One database per tenant",
                   "Adopt OpenTelemetry for metrics", "Drop Internet Explorer support",
                   "Keep the API versioned in the URL"]

BACKLOG_CONFIG = """\
project_name: "Beacon Status Page"
default_status: "To Do"
statuses: ["To Do", "In Progress", "Done"]
labels: []
definition_of_done: ["Tests pass", "Docs updated when behaviour changes"]
date_format: yyyy-mm-dd hh:mm
max_column_width: 20
auto_open_browser: true
default_port: 6420
remote_operations: true
auto_commit: false
bypass_git_hooks: false
check_active_branches: true
active_branch_days: 30
task_prefix: "task"
"""

# --------------------------------------------------------------------------- helpers

YAML_SPECIAL = {"yes", "no", "true", "false", "null", "on", "off", "y", "n", "~", ""}
PLAIN_OK = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-./()&,'")


def yq(s):
    """A YAML scalar the way js-yaml (Backlog.md's writer) prints it: plain when safe,
    else single-quoted."""
    plain = (s and s.lower() not in YAML_SPECIAL and set(s) <= PLAIN_OK and s[0] not in "-'&"
             and s == s.strip() and not s[0].isdigit())
    if plain:
        return s
    return "'" + s.replace("'", "''") + "'"


def qdate(ts):
    """'2026-09-02 10:14' (Backlog.md quotes its datetimes)."""
    d = datetime.datetime.fromtimestamp(ts, datetime.timezone.utc)
    return "'" + d.strftime("%Y-%m-%d %H:%M") + "'"


def file_title(title):
    """Backlog.md's file-name form of a title: spaces become '-', some punctuation drops."""
    out = []
    for ch in title:
        if ch == " ":
            out.append("-")
        elif ch.isalnum() or ch in "-.()":
            out.append(ch)
    s = "".join(out)
    while "--" in s:
        s = s.replace("--", "-")
    return s.strip("-")


def milestone_slug(title):
    return title.lower().replace(" ", "-")


def block_list(key, values):
    if not values:
        return [f"{key}: []"]
    return [f"{key}:"] + [f"  - {v}" for v in values]


def wchoice(rng, pairs):
    total = sum(w for _, w in pairs)
    r = rng.uniform(0, total)
    for v, w in pairs:
        r -= w
        if r <= 0:
            return v
    return pairs[-1][0]


# --------------------------------------------------------------------------- model

class Milestone:
    def __init__(self, num, title, start, end, kind):
        self.num, self.title, self.start, self.end, self.kind = num, title, start, end, kind
        self.id = f"m-{num}"
        self.created = 0
        self.archived_at = None  # commit index

    def path(self, archived):
        folder = "backlog/archive/milestones" if archived else "backlog/milestones"
        return f"{folder}/{self.id} - {milestone_slug(self.title)}.md"

    def render(self):
        return (f"---\nid: {self.id}\ntitle: \"{self.title}\"\n"
                f"planned_start: '{self.start.isoformat()}'\nplanned_end: '{self.end.isoformat()}'\n"
                f"---\n## Description\n\nMilestone: {self.title}\n").encode()


class Task:
    """One task or subtask. `events` is a list of (commit, kind, data); the file's state at a
    commit is the replay of every event up to it."""

    def __init__(self, idx):
        self.idx = idx
        self.num = None       # top-level number
        self.sub = None       # subtask number
        self.parent = None
        self.title = ""
        self.milestone = None
        self.priority = None
        self.labels = []
        self.assignee = []
        self.type = None
        self.ordinal = None
        self.deps = []
        self.ac = []
        self.desc = ""
        self.final = "To Do"
        self.archived = False
        self.c0 = 0
        self.events = []      # (commit, kind, data)
        self.lower_refs = False  # written by a Backlog.md version with lowercase ids
        self.draft = None     # Draft it was promoted from

    def id(self, upper=True):
        base = f"{self.parent.num}.{self.sub}" if self.parent else f"{self.num}"
        return f"TASK-{base}" if upper else f"task-{base}"

    def state_at(self, c):
        st = {"status": "To Do", "checked": 0, "folder": "tasks", "priority": self.priority,
              "updated": None, "upper": not self.lower_refs, "summary": False,
              "ordinal": self.ordinal}
        for ce, kind, data in self.events:
            if ce > c:
                break
            if kind == "create":
                st["priority"] = data
            elif kind == "start":
                st["status"] = "In Progress"
            elif kind == "progress":
                st["checked"] = max(st["checked"], data)
            elif kind == "done":
                st["status"] = "Done"
                st["checked"] = len(self.ac)
                st["summary"] = True
            elif kind == "prio":
                st["priority"] = data
            elif kind == "complete-move":
                st["folder"] = "completed"
            elif kind == "archive":
                st["folder"] = "archive/tasks"
            elif kind == "migrate":
                st["upper"] = True
            elif kind == "reorder":
                st["ordinal"] = data
            if kind not in ("create", "complete-move", "migrate"):
                st["updated"] = ce
        return st

    def path(self, st):
        return f"backlog/{st['folder']}/{self.id(upper=False)} - {file_title(self.title)}.md"


class Draft:
    def __init__(self, title, cd, promoted_to=None):
        self.title, self.cd, self.promoted_to = title, cd, promoted_to
        self.num = None
        self.archived_at = None
        self.lower = False

    def path(self, archived):
        folder = "backlog/archive/drafts" if archived else "backlog/drafts"
        return f"{folder}/draft-{self.num} - {file_title(self.title)}.md"

    def render(self, ts, labels):
        did = f"draft-{self.num}" if self.lower else f"DRAFT-{self.num}"
        lines = ["---", f"id: {did}", f"title: {yq(self.title)}", "status: Draft", "assignee: []",
                 f"created_date: {qdate(ts)}"]
        lines += block_list("labels", labels)
        lines += ["dependencies: []", "---", "", "## Description", "",
                  "<!-- SECTION:DESCRIPTION:BEGIN -->",
                  "Idea to refine before it becomes a task.",
                  "<!-- SECTION:DESCRIPTION:END -->", ""]
        return "\n".join(lines).encode()


# --------------------------------------------------------------------------- generation

def commit_dates(rng, k):
    steps = [rng.randint(6 * 3600, 40 * 3600) for _ in range(k - 1)]
    end = int(HISTORY_END.timestamp())
    dates = [end - sum(steps)]
    for s in steps:
        dates.append(dates[-1] + s)
    return dates


def gen_milestones(rng, m, dates):
    start = datetime.datetime.fromtimestamp(dates[0], datetime.timezone.utc).date()
    end = HISTORY_END.date()
    n_done = max(1, round(m * 0.4)) if m >= 3 else max(0, m - 1)
    n_future = max(0, m - n_done - 1)
    cur_start = end - datetime.timedelta(days=45)
    titles = rng.sample(MILESTONE_TITLES, min(m, len(MILESTONE_TITLES)))
    while len(titles) < m:
        titles.append(f"Release {len(titles) + 1}")
    out = []
    span = max(14, (cur_start - start).days)
    for i in range(n_done):
        a = start + datetime.timedelta(days=span * i // n_done)
        b = start + datetime.timedelta(days=span * (i + 1) // n_done - 1)
        out.append(Milestone(i + 1, titles[i], a, b, "done"))
    if m > n_done:
        out.append(Milestone(n_done + 1, titles[n_done], cur_start,
                             end + datetime.timedelta(days=22), "current"))
    for j in range(n_future):
        a = end + datetime.timedelta(days=23 + 56 * j)
        out.append(Milestone(n_done + 2 + j, titles[n_done + 1 + j], a,
                             a + datetime.timedelta(days=55), "future"))
    return out


def schedule_after(rng, c, last, mean):
    return min(last, c + 1 + int(rng.expovariate(1.0 / mean)))


def generate(a):
    rng = random.Random(a.seed)
    K = a.commits
    last = K - 1
    dates = commit_dates(rng, K)
    day = lambda c: datetime.datetime.fromtimestamp(dates[c], datetime.timezone.utc).date()
    recent = next(i for i, d in enumerate(dates) if d >= dates[-1] - 10 * 86400)
    gap = max(1.0, K / 30)

    milestones = gen_milestones(rng, a.milestones, dates)
    by_kind = {k: [m for m in milestones if m.kind == k] for k in ("done", "current", "future")}

    # ---- tasks: creation commits, milestone, final status
    n = a.tasks
    n_sub = n * 15 // 100
    n_top = n - n_sub
    create_span = max(1, int(0.88 * K))
    tasks = []
    titles_used = set()

    def new_title():
        for _ in range(50):
            t = rng.choice(PREFIXES) + rng.choice(VERBS) + " " + rng.choice(OBJECTS)
            if t not in titles_used:
                break
        else:
            t = f"{t} (part {len(titles_used)})"
        titles_used.add(t)
        return t

    for i in range(n_top):
        t = Task(i)
        t.c0 = min(last, i * create_span // max(1, n_top))
        t.title = new_title()
        tasks.append(t)

    def pick_milestone(t):
        if rng.random() < 0.12 or not milestones:
            return None
        d = day(t.c0)
        if by_kind["current"] and d >= by_kind["current"][0].start:
            if by_kind["future"] and rng.random() < 0.35:
                return rng.choice(by_kind["future"])
            return by_kind["current"][0]
        for m in by_kind["done"]:
            if m.start <= d <= m.end:
                if rng.random() < 0.2:
                    nxt = [x for x in milestones if x.num == m.num + 1]
                    return nxt[0] if nxt else m
                return m
        return by_kind["done"][-1] if by_kind["done"] else milestones[0]

    mix = {
        "done": [("Done", 94), ("archived", 6)],
        "current": [("Done", 42), ("In Progress", 25), ("To Do", 28), ("archived", 5)],
        "future": [("Done", 5), ("In Progress", 5), ("To Do", 87), ("archived", 3)],
        None: [("Done", 35), ("In Progress", 15), ("To Do", 40), ("archived", 10)],
    }
    for t in tasks:
        t.milestone = pick_milestone(t)
        f = wchoice(rng, mix[t.milestone.kind if t.milestone else None])
        t.archived = f == "archived"
        t.final = "To Do" if t.archived else f

    # subtasks of earlier, non-archived top-level tasks
    parents = [t for t in tasks if not t.archived]
    subs = []
    for j in range(n_sub):
        p = rng.choice(parents)
        s = Task(n_top + j)
        s.parent = p
        s.c0 = min(last, p.c0 + int(rng.expovariate(1.0 / gap)))
        s.title = new_title()
        s.milestone = p.milestone
        f = wchoice(rng, mix[s.milestone.kind if s.milestone else None])
        s.final = "To Do" if f == "archived" else f
        subs.append(s)
    # numbering: top-level by creation, subtasks per parent by creation
    for num, t in enumerate(sorted(tasks, key=lambda x: (x.c0, x.idx)), 1):
        t.num = num
    per_parent = {}
    for s in sorted(subs, key=lambda x: (x.c0, x.idx)):
        per_parent[s.parent.idx] = per_parent.get(s.parent.idx, 0) + 1
        s.sub = per_parent[s.parent.idx]
    all_tasks = tasks + subs

    # ---- attributes
    people = [p for p, _ in PEOPLE]
    for t in all_tasks:
        t.priority = rng.choice(PRIORITIES) if rng.random() < 0.7 else None
        t.labels = sorted(rng.sample(LABELS, rng.choice([0, 1, 1, 2])))
        if t.final != "To Do" or rng.random() < 0.2:
            who = rng.choice(AGENTS) if rng.random() < 0.3 else rng.choice(people)
            t.assignee = [f"'@{who}'"]
        t.type = rng.choice(TYPES) if rng.random() < 0.5 else None
        t.ordinal = rng.randint(1, 400) * 1000 if rng.random() < 0.5 else None
        t.ac = rng.sample(CRITERIA, rng.randint(1, 4))
        t.desc = " ".join(rng.sample(SENTENCES, 2))

    # ---- dependencies: earlier, never archived, milestone not later than the task's
    order = {m.id: m.num for m in milestones}
    candidates = sorted((t for t in all_tasks if not t.archived), key=lambda x: (x.c0, x.idx))
    for t in all_tasks:
        r = rng.random()
        want = 2 if r < 0.1 else 1 if r < 0.35 else 0
        if not want:
            continue
        mine = order[t.milestone.id] if t.milestone else 10 ** 6
        pool = [d for d in candidates if d is not t and d.c0 <= t.c0 and d is not t.parent
                and (d.c0, d.idx) < (t.c0, t.idx)
                and (order[d.milestone.id] if d.milestone else 0) <= mine]
        if pool:
            t.deps = rng.sample(pool[-40:], min(want, len(pool[-40:])))

    # ---- lifecycle events
    for t in all_tasks:
        t.events = [(t.c0, "create", t.priority)]
        c = t.c0
        if t.final in ("In Progress", "Done"):
            c = schedule_after(rng, c, last, gap)
            t.events.append((c, "start", None))
            if t.final == "Done":
                if len(t.ac) > 1:
                    c = schedule_after(rng, c, last, gap)
                    t.events.append((c, "progress", len(t.ac) - 1))
                c = schedule_after(rng, c, last, gap)
                t.events.append((c, "done", None))
            else:
                if c < recent or rng.random() < 0.5:
                    c = max(c, rng.randint(recent, last))
                    t.events.append((c, "progress", rng.randint(0, max(0, len(t.ac) - 1))))
        if t.archived:
            c = schedule_after(rng, c, last, gap * 2)
            t.events.append((c, "archive", None))
        if rng.random() < 0.2:
            lo = t.c0 + 1
            hi = max(e[0] for e in t.events)
            if lo <= last:
                cp = rng.randint(lo, max(lo, hi)) if hi >= lo else lo
                newp = rng.choice([p for p in PRIORITIES if p != t.priority])
                t.events.append((cp, "prio", newp))
        t.events.sort(key=lambda e: (e[0], ["create", "prio", "start", "progress", "done",
                                             "archive"].index(e[1])))

    # ---- cleanup commits: Done tasks leave tasks/ for completed/
    cleanups = list(range(max(1, K // 4), last, max(5, K // 8)))
    for cc in cleanups:
        for t in all_tasks:
            done = [e[0] for e in t.events if e[1] == "done"]
            moved = any(e[1] in ("complete-move", "archive") for e in t.events)
            if done and not moved and done[0] <= cc - 5:
                t.events.append((cc, "complete-move", None))
    for t in all_tasks:
        t.events.sort(key=lambda e: e[0])

    # ---- drafts: some promoted into tasks, others stay (a few archived)
    drafts = []
    promotable = [t for t in tasks if t.c0 >= 3 and t.final == "To Do" and not t.archived]
    for t in rng.sample(promotable, min(len(promotable), max(1, n // 25))):
        d = Draft(t.title, max(0, t.c0 - 1 - int(rng.expovariate(1.0 / gap))), t)
        t.draft = d
        drafts.append(d)
    for _ in range(max(2, n // 40)):
        cd = rng.randint(0, last)
        d = Draft(new_title(), cd)
        if rng.random() < 0.2 and cd < last:
            d.archived_at = rng.randint(cd + 1, last)
        drafts.append(d)
    for num, d in enumerate(sorted(drafts, key=lambda x: (x.cd, x.title)), 1):
        d.num = num

    # ---- docs and decisions
    docs = []
    for i, title in enumerate(DOC_TITLES[:max(2, min(len(DOC_TITLES), n // 40))]):
        c = 0 if i == 0 else rng.randint(0, last)
        up = rng.randint(c + 1, last) if rng.random() < 0.4 and c < last else None
        docs.append((i + 1, title, c, up))
    decisions = []
    for i, title in enumerate(DECISION_TITLES[:max(1, min(len(DECISION_TITLES), n // 60))]):
        c = rng.randint(0, max(0, last - 1))
        acc = rng.randint(c + 1, last) if rng.random() < 0.7 and c < last else None
        decisions.append((i + 1, title, c, acc))

    # ---- milestones: created before their first task; oldest finished one archived
    for m in milestones:
        firsts = [t.c0 for t in all_tasks if t.milestone is m]
        m.created = 0 if m.num <= 2 else max(0, min(firsts, default=last) - 1)
    if len(by_kind["done"]) >= 2:
        m = by_kind["done"][0]
        lastdone = max((e[0] for t in all_tasks if t.milestone is m for e in t.events), default=0)
        if lastdone + 2 <= last:
            m.archived_at = rng.randint(lastdone + 1, last - 1)

    # ---- id case migration (older Backlog.md wrote lowercase ids)
    mig = None
    if a.id_case_migration is not None:
        mig = a.id_case_migration if a.id_case_migration >= 0 else K // 2
        mig = max(1, min(last, mig))
        # the migration commit changes `id:` lines only: move everything else off it
        other = mig + 1 if mig < last else mig - 1
        move = lambda c: other if c == mig else c  # noqa: E731 (monotone: keeps every order)
        for t in all_tasks:
            t.c0 = move(t.c0)
            t.events = sorted(((move(c), k, d) for c, k, d in t.events), key=lambda e: e[0])
        for m in milestones:
            m.created = move(m.created)
            m.archived_at = None if m.archived_at is None else move(m.archived_at)
        for d in drafts:
            d.cd = move(d.cd)
            d.archived_at = None if d.archived_at is None else move(d.archived_at)
            if d.promoted_to is not None and d.cd >= d.promoted_to.c0:
                d.cd = d.promoted_to.c0 - 1
        docs = [(n_, t_, move(c), None if u is None else move(u)) for n_, t_, c, u in docs]
        decisions = [(n_, t_, move(c), None if u is None else move(u))
                     for n_, t_, c, u in decisions]
        for t in all_tasks:
            if t.c0 < mig:
                t.lower_refs = True
                st = t.state_at(mig)
                if st["folder"] in ("tasks", "completed"):
                    t.events.append((mig, "migrate", None))
                    t.events.sort(key=lambda e: e[0])
        for d in drafts:
            d.lower = d.cd < mig

    config_at = None
    if not a.no_config:
        config_at = a.config_at if a.config_at is not None else round(0.7 * last)
        config_at = max(1, min(last, config_at))
        if config_at == mig:
            config_at = mig + 1 if mig < last else mig - 1

    # ---- no empty commit: someone drags a card on the board (Backlog.md rewrites `ordinal`)
    busy = {0, mig, config_at}
    for t in all_tasks:
        busy.update(e[0] for e in t.events)
    for m in milestones:
        busy.update((m.created, m.archived_at))
    for d in drafts:
        busy.update((d.cd, d.archived_at))
    for _, _, c, c2 in docs + decisions:
        busy.update((c, c2))
    for c in range(1, K):
        if c in busy:
            continue
        pool = [t for t in all_tasks if t.c0 < c and t.state_at(c)["folder"] == "tasks"
                and t.state_at(c)["status"] != "Done"]
        if pool:
            t = rng.choice(pool)
            t.events.append((c, "reorder", rng.randint(1, 400) * 1000))
            t.events.sort(key=lambda e: e[0])

    return dict(dates=dates, milestones=milestones, tasks=all_tasks, drafts=drafts, docs=docs,
                decisions=decisions, config_at=config_at, mig=mig, recent=recent)


# --------------------------------------------------------------------------- rendering

def render_task(t, st, dates):
    upper = st["upper"]
    tid = t.id(upper=upper)

    def ref(other):
        # references keep the case they were first written in (Backlog.md's migration only
        # rewrites `id:` lines)
        return other.id(upper=not t.lower_refs)

    lines = ["---", f"id: {tid}", f"title: {yq(t.title)}", f"status: {st['status']}"]
    lines += block_list("assignee", t.assignee)
    lines.append(f"created_date: {qdate(dates[t.c0])}")
    if st["updated"] is not None and st["updated"] != t.c0:
        lines.append(f"updated_date: {qdate(dates[st['updated']])}")
    lines += block_list("labels", t.labels)
    if t.milestone:
        lines.append(f"milestone: {t.milestone.id}")
    lines += block_list("dependencies", [ref(d) for d in t.deps])
    if t.parent:
        lines.append(f"parent_task_id: {ref(t.parent)}")
    if st["priority"]:
        lines.append(f"priority: {st['priority']}")
    if t.type:
        lines.append(f"type: {t.type}")
    if st["ordinal"] is not None:
        lines.append(f"ordinal: {st['ordinal']}")
    lines += ["---", "", "## Description", "", "<!-- SECTION:DESCRIPTION:BEGIN -->", t.desc,
              "<!-- SECTION:DESCRIPTION:END -->", "", "## Acceptance Criteria", "<!-- AC:BEGIN -->"]
    for i, crit in enumerate(t.ac):
        box = "x" if i < st["checked"] else " "
        lines.append(f"- [{box}] #{i + 1} {crit}")
    lines.append("<!-- AC:END -->")
    if st["summary"]:
        lines += ["", "## Final Summary", "", "<!-- SECTION:FINAL_SUMMARY:BEGIN -->",
                  f"Shipped: {t.title.lower()}.", "<!-- SECTION:FINAL_SUMMARY:END -->"]
    lines.append("")
    return "\n".join(lines).encode()


def render_doc(num, title, ts, up_ts):
    lines = ["---", f"id: doc-{num}", f"title: {yq(title)}", "type: guide",
             f"created_date: {qdate(ts)}"]
    if up_ts is not None:
        lines.append(f"updated_date: {qdate(up_ts)}")
    lines += ["---", f"# {title}", "", "Notes kept next to the tasks. Not a task: no status, "
              "and the checklist below is not acceptance criteria.", "", "- [ ] Review yearly", ""]
    return "\n".join(lines).encode()


def render_decision(num, title, ts, status):
    d = datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).date().isoformat()
    return (f"---\nid: decision-{num}\ntitle: {yq(title)}\ndate: '{d}'\nstatus: {status}\n---\n"
            "## Context\n\nWe need a default the whole team follows.\n\n## Decision\n\n"
            f"{title}.\n\n## Consequences\n\nRevisit when the number of tenants grows tenfold.\n"
            ).encode()


def build_commits(g, recipe):
    """Per commit: {key: (path or None, bytes or None)} and descriptions."""
    dates = g["dates"]
    K = len(dates)
    changes = [dict() for _ in range(K)]
    descs = [[] for _ in range(K)]
    actors = [None] * K

    changes[0][("static", "config")] = ("backlog/config.yml", BACKLOG_CONFIG.encode())
    descs[0].append("Initialise Backlog.md (backlog init)")
    if g["config_at"] is not None:
        c = g["config_at"]
        changes[c][("static", "cairn")] = ("cairn.yml", recipe)
        descs[c].append("Add cairn.yml to read the board with cairn")

    for m in g["milestones"]:
        changes[m.created][("m", m.num)] = (m.path(False), m.render())
        descs[m.created].append(f"Add milestone {m.id}: {m.title}")
        if m.archived_at is not None:
            changes[m.archived_at][("m", m.num)] = (m.path(True), m.render())
            descs[m.archived_at].append(f"Archive milestone {m.id}: {m.title}")

    verbs = {"create": "Create", "start": "Start", "progress": "Update", "done": "Complete",
             "prio": "Reprioritise", "archive": "Archive", "complete-move": "Clean up",
             "migrate": "Migrate id of", "reorder": "Reorder"}
    for t in g["tasks"]:
        for c in sorted({e[0] for e in t.events}):
            st = t.state_at(c)
            changes[c][("t", t.idx)] = (t.path(st), render_task(t, st, dates))
            kinds = [e[1] for e in t.events if e[0] == c]
            shown = [k for k in kinds if k not in ("complete-move", "migrate")] or kinds
            descs[c].append(f"{verbs[shown[-1]]} {t.id(upper=st['upper'])}: {t.title}")
            if actors[c] is None and t.assignee:
                actors[c] = t.assignee[0].strip("'@")

    for d in g["drafts"]:
        labels = []
        changes[d.cd].setdefault(("d", d.num), (d.path(False), d.render(dates[d.cd], labels)))
        descs[d.cd].append(f"Draft {'draft' if d.lower else 'DRAFT'}-{d.num}: {d.title}")
        if d.promoted_to is not None:
            t = d.promoted_to
            changes[t.c0][("d", d.num)] = (None, None)  # deleted: promoted into a task
            descs[t.c0].append(f"Promote draft-{d.num} to {t.id(upper=not t.lower_refs)}")
        elif d.archived_at is not None:
            changes[d.archived_at][("d", d.num)] = (d.path(True), d.render(dates[d.cd], labels))
            descs[d.archived_at].append(f"Archive draft-{d.num}: {d.title}")

    for num, title, c, up in g["docs"]:
        path = f"backlog/docs/doc-{num} - {file_title(title)}.md"
        changes[c][("doc", num)] = (path, render_doc(num, title, dates[c], None))
        descs[c].append(f"Add doc-{num}: {title}")
        if up is not None:
            changes[up][("doc", num)] = (path, render_doc(num, title, dates[c], dates[up]))
            descs[up].append(f"Update doc-{num}: {title}")
    for num, title, c, acc in g["decisions"]:
        path = f"backlog/decisions/decision-{num} - {file_title(title)}.md"
        changes[c][("dec", num)] = (path, render_decision(num, title, dates[c], "proposed"))
        descs[c].append(f"Propose decision-{num}: {title}")
        if acc is not None:
            changes[acc][("dec", num)] = (path, render_decision(num, title, dates[c], "accepted"))
            descs[acc].append(f"Accept decision-{num}: {title}")
    return changes, descs, actors


def commit_message(descs, mig_here):
    if not descs:
        return "Review the board (no changes)\n"
    if mig_here:
        subject = "Migrate task ids to uppercase (backlog id-case migration)"
    elif len(descs) == 1:
        return descs[0] + "\n"
    else:
        counts = {}
        for d in descs:
            verb = d.split(" ", 1)[0]
            counts[verb] = counts.get(verb, 0) + 1
        subject = "Backlog update: " + ", ".join(f"{v.lower()} {k}" for v, k in counts.items())
    body = "\n".join(f"- {d}" for d in descs[:30])
    if len(descs) > 30:
        body += f"\n- ... and {len(descs) - 30} more"
    return subject + "\n\n" + body + "\n"


def write_git(out, g, recipe):
    changes, descs, actors = build_commits(g, recipe)
    names = dict(PEOPLE)
    subprocess.run(["git", "init", "-q", "-b", "main", out], check=True)
    proc = subprocess.Popen(["git", "-C", out, "fast-import", "--quiet", "--done"],
                            stdin=subprocess.PIPE)
    w = proc.stdin
    current = {}
    empty = 0
    for c, ch in enumerate(changes):
        who_login = actors[c] or "alice"
        if who_login in AGENTS:
            who = f"{who_login.capitalize()} (agent) <{who_login}@agents.example.com>"
        else:
            who = f"{names.get(who_login, who_login.capitalize())} <{who_login}@example.com>"
        ts = g["dates"][c]
        msg = commit_message(descs[c], c == g["mig"]).encode()
        empty += not ch
        w.write(b"commit refs/heads/main\n")
        w.write(f"author {who} {ts} +0000\ncommitter {who} {ts} +0000\n".encode())
        w.write(b"data %d\n" % len(msg) + msg + b"\n")
        for key in sorted(ch, key=repr):
            path, data = ch[key]
            old = current.get(key)
            if old is not None and old != path:
                w.write(b'D "' + old.encode() + b'"\n')
            if path is None:
                current.pop(key, None)
                continue
            current[key] = path
            w.write(b'M 100644 inline "' + path.encode() + b'"\n')
            w.write(b"data %d\n" % len(data) + data + b"\n")
        w.write(b"\n")
    w.write(b"done\n")
    w.close()
    if proc.wait() != 0:
        sys.exit("gen-backlogmd: git fast-import failed")
    subprocess.run(["git", "-C", out, "reset", "-q", "--hard"], check=True)
    return empty


# --------------------------------------------------------------------------- checks and summary

def final_summary(g):
    last = len(g["dates"]) - 1
    read = {"tasks": 0, "completed": 0, "archive/tasks": 0}
    status = {}
    orphans = 0
    lower_deps = 0
    ids = {}
    for t in g["tasks"]:
        st = t.state_at(last)
        read[st["folder"]] += 1
        if st["folder"] == "archive/tasks":
            continue
        status[st["status"]] = status.get(st["status"], 0) + 1
        tid = t.id(upper=st["upper"])
        ids.setdefault(tid, 0)
        ids[tid] += 1
        if t.milestone is None:
            orphans += 1
        if st["status"] == "In Progress":
            assert t.ac and max(e[0] for e in t.events) >= g["recent"], t.id()
        for d in t.deps:
            dst = d.state_at(last)
            assert dst["folder"] != "archive/tasks", (t.id(), d.id())
            if d.id(upper=dst["upper"]) != d.id(upper=not t.lower_refs):
                lower_deps += 1
    assert all(v == 1 for v in ids.values()), "duplicate id"
    overdue = sum(1 for m in g["milestones"] if m.end < TODAY)
    drafts = sum(1 for d in g["drafts"] if d.promoted_to is None)
    return read, status, orphans, overdue, lower_deps, drafts


# --------------------------------------------------------------------------- main

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out_dir")
    ap.add_argument("--tasks", type=int, default=240, help="tasks including subtasks (default 240)")
    ap.add_argument("--milestones", type=int, default=6, help="milestones (default 6)")
    ap.add_argument("--commits", type=int, default=160, help="commits of history (default 160)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--no-config", action="store_true", help="never commit cairn.yml")
    ap.add_argument("--config-at", type=int, metavar="C",
                    help="commit index that adds cairn.yml (default 70%% of the history)")
    ap.add_argument("--id-case-migration", type=int, nargs="?", const=-1, metavar="C",
                    help="lowercase ids until commit C (default the middle), then Backlog.md's "
                         "id-case migration")
    ap.add_argument("--force", action="store_true", help="empty a non-empty OUT_DIR first")
    ap.add_argument("-q", "--quiet", action="store_true")
    a = ap.parse_args(argv)
    if a.tasks < 1 or a.milestones < 1 or a.commits < 2:
        ap.error("--tasks and --milestones must be >= 1, --commits >= 2")

    out = a.out_dir
    if os.path.exists(out) and os.listdir(out):
        if not a.force:
            sys.exit(f"gen-backlogmd: {out} is not empty (use --force to replace it)")
        shutil.rmtree(out)
    os.makedirs(out, exist_ok=True)
    recipe = b""
    if not a.no_config:
        try:
            with open(RECIPE, "rb") as f:
                recipe = f.read()
        except OSError as e:
            sys.exit(f"gen-backlogmd: cannot read the recipe {RECIPE}: {e}")

    t0 = time.perf_counter()
    g = generate(a)
    empty = write_git(out, g, recipe)
    read, status, orphans, overdue, lower_deps, drafts = final_summary(g)
    if not a.quiet:
        cfg = (f"cairn.yml added at commit {g['config_at']} of {a.commits}"
               if g["config_at"] is not None else "no cairn.yml")
        mig = f"; id-case migration at commit {g['mig']}" if g["mig"] is not None else ""
        print(f"gen-backlogmd: {out}: {a.commits} commits ({empty} without changes), "
              f"{len(g['tasks'])} tasks (tasks/ {read['tasks']}, completed/ {read['completed']}, "
              f"archive/tasks {read['archive/tasks']}), {len(g['milestones'])} milestones, "
              f"{drafts} drafts; {cfg}{mig}; {time.perf_counter() - t0:.2f} s", file=sys.stderr)
        print("gen-backlogmd: statuses read with the recipe: "
              + ", ".join(f"{k} {v}" for k, v in sorted(status.items())), file=sys.stderr)
        print(f"gen-backlogmd: expected with the recipe (CAIRN_TODAY=2026-11-24): "
              f"link/orphan {orphans} (warning), roadmap/overdue {overdue} (warning, "
              f"milestones have no status), link/dangling {lower_deps}", file=sys.stderr)


if __name__ == "__main__":
    main()
