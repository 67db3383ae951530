#!/usr/bin/env python3
"""Generate a realistic cairn plan for tests and benchmarks (SPEC sections 1, 2 and 5).

Usage:
    gen-plan.py OUT_DIR --initiatives N --items M [--seed S] [--git COMMITS] [--active F]
                [--force] [--plain]

Writes
    OUT_DIR/cairn.yml
    OUT_DIR/roadmap/README.md, OUT_DIR/roadmap/<id>.md           (ids init-0001 ...)
    OUT_DIR/backlog/README.md, OUT_DIR/backlog/_template.md       (not items, SPEC section 1)
    OUT_DIR/backlog/<area>/S-<n>-<slug>.md                        (~20 areas, some nested)
    OUT_DIR/backlog/archive/S-<n>-<slug>.md                       (~5 %, closed items only)

The plan is deterministic for a given seed and, assuming today is 2026-11-24, raises no
finding of SPEC section 5: open initiatives target 2027 or later, planned/active
initiatives have unique priorities and at least one item, ready/active items have
acceptance criteria, done items have every criterion checked, no open item sits under a
done/dropped initiative, depends_on only points at lower-numbered items (no cycles).
With --active F (0..1), about that fraction of all items is active (in-progress or
in-review, about 2:1), drawn only under planned/active initiatives; the other items under
those initiatives take the usual mix without the active statuses. This makes a different
(still deterministic, still finding-free) plan; without it the plan is unchanged.
Unless --plain is given, ~1 % of the files use CRLF line endings and ~0.5 % start with a
UTF-8 BOM (both accepted by SPEC section 2).

With --git COMMITS, OUT_DIR becomes a git repository whose history (built with
`git fast-import`, fixed dates stepping a few hours, ending 2026-11-23) adds items over
time, moves statuses todo -> in-progress -> in-review -> done, archives finished items and
slips some initiative targets. The last commit's tree equals the written files. Active
items' last change lies in the last 10 days, so `backlog/stale` stays quiet as of
2026-11-24. The history uses its own random stream: the written files are the same with
or without --git.

Standard library only.
"""

import argparse
import calendar
import datetime
import os
import random
import shutil
import subprocess
import sys
import time

# --------------------------------------------------------------------------- vocabulary

AREAS = [
    "checkout", "search", "onboarding", "billing", "notifications", "growth",
    "security", "integrations", "performance", "localization", "admin",
    "support-tools", "mobile/ios", "mobile/android", "platform/api", "platform/infra",
    "data/pipeline", "data/analytics", "web/frontend", "web/accessibility",
]

PEOPLE = [
    ("dana", "Dana Kim"), ("li", "Li Wei"), ("omar", "Omar Haddad"), ("sofia", "Sofia Rossi"),
    ("jonas", "Jonas Berg"), ("amara", "Amara Okafor"), ("mateo", "Mateo Garcia"),
    ("priya", "Priya Nair"), ("kenji", "Kenji Sato"), ("lena", "Lena Novak"),
    ("tom", "Tom Fischer"), ("ines", "Ines Duarte"), ("yusuf", "Yusuf Demir"),
    ("hana", "Hana Cho"), ("elias", "Elias Lindqvist"), ("maya", "Maya Cohen"),
    ("noah", "Noah Schmidt"), ("zoe", "Zoe Martin"), ("ravi", "Ravi Patel"),
    ("chloe", "Chloe Dubois"), ("ivan", "Ivan Petrov"), ("aiko", "Aiko Tanaka"),
    ("felix", "Felix Wagner"), ("nora", "Nora Jensen"), ("sam", "Sam Taylor"),
    ("leila", "Leila Karimi"), ("bruno", "Bruno Costa"), ("emma", "Emma Wilson"),
    ("arjun", "Arjun Mehta"), ("julia", "Julia Kowalska"), ("oscar", "Oscar Nilsson"),
    ("mei", "Mei Lin"), ("paul", "Paul Martins"), ("sara", "Sara Ali"),
    ("victor", "Victor Hugo Silva"), ("anna", "Anna Schulz"),
]
OWNERS = ["dana", "sofia", "omar", "priya", "lena", "mateo", "hana", "felix", "nora", "ravi"]

LABELS = [
    "ui", "api", "backend", "frontend", "mobile", "ios", "android", "payments", "subscriptions",
    "search", "a11y", "i18n", "perf", "security", "compliance", "tech-debt", "data", "infra",
    "growth", "retention", "support", "customer-request", "experiment", "eu", "us", "quick-win",
]
THEMES = [
    "customer", "reliability", "revenue", "growth", "platform", "compliance", "mobile",
    "efficiency", "expansion", "quality",
]

PERSONAS = [
    "regular customer", "new user", "store manager", "support agent", "administrator",
    "developer", "finance analyst", "warehouse operator", "mobile user", "guest shopper",
    "team lead", "data analyst", "courier", "restaurant owner", "partner integrator",
]
OBJECTS = [
    "subscription UI", "checkout flow", "invoice export", "search ranking", "password reset",
    "onboarding checklist", "push notifications", "order history", "delivery slots",
    "payment retries", "coupon codes", "CSV import", "audit log", "rate limiter",
    "feature flags", "session handling", "image uploads", "address autocomplete",
    "tax calculation", "refund workflow", "loyalty points", "saved carts", "menu editor",
    "courier tracking", "webhook delivery", "API tokens", "role permissions",
    "email templates", "SMS reminders", "store locator", "price rules", "stock sync",
    "report builder", "dashboard widgets", "dark mode", "offline mode", "gift cards",
    "review moderation", "fraud checks", "SSO login", "data retention job",
    "billing portal", "usage metering", "translation pipeline", "event tracking",
    "error pages", "cookie banner", "app startup", "build pipeline", "deploy scripts",
]
TITLE_VERBS = [
    "Design", "Implement", "Add", "Support", "Improve", "Refactor", "Migrate", "Remove",
    "Document", "Validate", "Cache", "Expose", "Track", "Localize", "Harden", "Simplify",
    "Split", "Automate", "Audit", "Speed up", "Redesign", "Paginate", "Instrument",
]
QUALIFIERS = [
    "", "", "", "", "for mobile", "in the admin console", "behind a feature flag",
    "for EU customers", "on slow networks", "for large accounts", "with retries", "v2",
    "in the public API", "for partners", "in emails", "for guests",
]
SYMPTOMS = [
    "times out", "shows wrong totals", "loses state on reload", "double-charges",
    "renders off-screen", "ignores the locale", "crashes on empty input",
    "returns 500 for long names", "is slow on large accounts", "leaks memory",
    "drops the last row", "breaks with emoji", "sends duplicate emails",
]
DEPS = [
    "openssl", "react", "postgres", "node", "kotlin", "swift", "terraform", "redis",
    "kafka client", "stripe SDK", "webpack", "gradle", "python", "nginx", "grafana",
]
INITIATIVE_ADJ = [
    "Faster", "Self-serve", "Reliable", "Smarter", "Simpler", "Global", "Secure",
    "Personalized", "Accessible", "Scalable", "Unified", "Transparent", "Instant",
]
INITIATIVE_NOUN = [
    "checkout", "subscriptions", "refunds", "onboarding", "search", "billing",
    "notifications", "courier tracking", "store management", "reporting", "partner API",
    "mobile apps", "loyalty", "payments", "data platform", "support tooling",
    "delivery slots", "pricing", "identity", "localization", "infrastructure",
]
BENEFITS = [
    "I stop paying delivery fees", "I can find my last order quickly",
    "support tickets go down", "we can close the books on time",
    "I do not have to call support", "the team spends less time on manual work",
    "customers trust the totals they see", "I can plan the week ahead",
    "we meet the new regulation", "pages load in under a second",
    "partners can integrate without our help", "we can see where users drop off",
]
OUTCOMES = [
    "Cut checkout abandonment by {n} %", "Grow weekly active subscribers by {n} %",
    "Halve refund handling time", "Reduce support tickets about {o} by {n} %",
    "Reach {n} % of revenue from self-serve plans", "Keep p95 latency under {n}00 ms",
    "Pass the external security audit", "Launch in {n} new markets",
    "Lift repeat orders by {n} %", "Make every core flow usable with a screen reader",
    "Move {n} % of partners to the public API", "Retire the legacy {o} stack",
]
CRITERIA = [
    "{O} shows the price per week", "Works with screen readers", "Errors are shown inline",
    "Covered by an end-to-end test", "Feature flag can switch it off", "Metrics are on the dashboard",
    "Copy reviewed by the content team", "Works offline and syncs later", "Handles {n}000 rows",
    "Documented in the help center", "Translated to all launch languages",
    "p95 latency below {n}00 ms", "Audit log records every change", "Empty state is designed",
    "Retries are idempotent", "Old {o} endpoint returns 410", "Mobile layout matches the design",
    "Data migration is reversible", "Alert fires when error rate exceeds {n} %",
    "Support agents can see the new state", "Keyboard navigation works",
]
LEXICON = (
    "the a our this that each every which when while because although so then also only "
    "customer customers user users team teams store stores order orders page pages flow "
    "service services request requests response data report reports event events price "
    "prices plan plans week month quarter release rollout experiment metric metrics error "
    "errors latency traffic cache queue job jobs account accounts partner partners screen "
    "button form field fields list table chart email message notification payment refund "
    "invoice delivery courier menu cart checkout search result results filter session "
    "token permission role admin console dashboard backend frontend mobile app api "
    "should must can could will would may might needs keeps shows hides sends stores "
    "loads saves checks moves updates creates removes handles tracks measures improves "
    "reduces increases supports replaces splits merges validates renders retries blocks "
    "quickly slowly reliably safely clearly later first again today currently usually "
    "new old slow fast large small manual automatic simple complex legacy current shared "
    "with without for from into over under after before during across between within "
    "and or but not more less most least some many few all none both either neither"
).split()
CODE_SNIPPETS = [
    ("bash", "curl -sS -X POST https://api.example.com/v2/orders \\\n"
             "  -H 'Authorization: Bearer $TOKEN' \\\n  -d '{\"items\": [{\"sku\": \"A-1\", \"qty\": 2}]}'"),
    ("yaml", "# not front matter: an example payload\nstatus: done\ninitiative: example\n"
             "items:\n  - [ ] this is code, not a task list\n  - [x] neither is this"),
    ("sql", "SELECT customer_id, count(*) AS orders\nFROM orders\n"
            "WHERE created_at > now() - interval '30 days'\nGROUP BY 1\nORDER BY 2 DESC\nLIMIT 20;"),
    ("rust", "fn retry<T>(mut f: impl FnMut() -> Result<T, Error>) -> Result<T, Error> {\n"
             "    for _ in 0..3 {\n        if let Ok(v) = f() {\n            return Ok(v);\n"
             "        }\n    }\n    f()\n}"),
    ("json", "{\n  \"event\": \"checkout_started\",\n  \"properties\": {\"cart_value\": 42.5, "
             "\"currency\": \"EUR\"}\n}"),
    ("text", "## Acceptance criteria\n- [ ] inside a code block: not a heading, not a task"),
]

BACKLOG_STATUSES = ["todo", "ready", "in-progress", "in-review", "done", "wontdo"]
# item status weights by the initiative's status
ITEM_STATUS_MIX = {
    "proposed": [("todo", 85), ("ready", 10), ("wontdo", 5)],
    "planned": [("todo", 55), ("ready", 30), ("in-progress", 6), ("done", 6), ("wontdo", 3)],
    "active": [("todo", 24), ("ready", 13), ("in-progress", 15), ("in-review", 8),
               ("done", 36), ("wontdo", 4)],
    "done": [("done", 92), ("wontdo", 8)],
    "dropped": [("wontdo", 70), ("done", 30)],
}
INITIATIVE_STATUS_MIX = [("proposed", 20), ("planned", 30), ("active", 25), ("done", 20),
                         ("dropped", 5)]
TYPE_MIX = [("story", 60), ("task", 15), ("bug", 15), ("spike", 5), ("chore", 5)]

TODAY = datetime.date(2026, 11, 24)
HISTORY_END = datetime.datetime(2026, 11, 23, 17, 0, 0, tzinfo=datetime.timezone.utc)


def wchoice(rng, pairs):
    total = sum(w for _, w in pairs)
    r = rng.random() * total
    for v, w in pairs:
        r -= w
        if r < 0:
            return v
    return pairs[-1][0]


# --------------------------------------------------------------------------- text helpers

YAML_SPECIAL = {"yes", "no", "true", "false", "null", "on", "off", "y", "n", "~", ""}
PLAIN_OK = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-./()%,")


def yaml_str(s, rng=None):
    """A YAML scalar for a string: plain when safe, else quoted (style varies with rng)."""
    plain = (
        s.lower() not in YAML_SPECIAL
        and all(c in PLAIN_OK for c in s)
        and s[0].isalpha()
        and not s.endswith(" ")
        and not s[-1] in ",."
    )
    if plain:
        return s
    if rng is not None and "'" not in s and "\\" not in s and rng.random() < 0.5:
        return "'" + s + "'"
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def slugify(title, max_words=6):
    out = []
    word = []
    for c in title.lower():
        if c.isalnum() and c.isascii():
            word.append(c)
        elif word:
            out.append("".join(word))
            word = []
    if word:
        out.append("".join(word))
    return "-".join(out[:max_words]) or "item"


def sentence(rng, n_min=6, n_max=18):
    n = rng.randint(n_min, n_max)
    words = [rng.choice(LEXICON) for _ in range(n)]
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), rng.choice(OBJECTS))
    s = " ".join(words)
    return s[0].upper() + s[1:] + rng.choice([".", ".", ".", ".", "?", "!"])


def fill_object(rng, template):
    return template.format(n=rng.randint(2, 9), o=rng.choice(OBJECTS),
                           O=rng.choice(OBJECTS).capitalize())


def paragraph(rng):
    k = rng.randint(2, 6)
    parts = []
    for _ in range(k):
        r = rng.random()
        if r < 0.15:
            parts.append(f"The current {rng.choice(OBJECTS)} {rng.choice(SYMPTOMS)} for some "
                         f"{rng.choice(PERSONAS)}s.")
        elif r < 0.25:
            parts.append(f"We {rng.choice(['change', 'rework', 'extend', 'measure'])} "
                         f"{rng.choice(OBJECTS)} so that {rng.choice(BENEFITS)}.")
        elif r < 0.3:
            parts.append(f"See `{rng.choice(['docs/', 'src/', 'runbooks/'])}"
                         f"{slugify(rng.choice(OBJECTS))}.md` and "
                         f"[the design notes](https://wiki.example.com/{slugify(rng.choice(OBJECTS))}).")
        else:
            parts.append(sentence(rng))
    return " ".join(parts)


# --------------------------------------------------------------------------- periods

def quarter_end(q):
    y, qq = divmod(q, 4)
    return datetime.date(y, 3 * qq + 3, calendar.monthrange(y, 3 * qq + 3)[1])


def render_period(q, fmt, var):
    """Period string for quarter index q (year*4 + 0..3) in format fmt; var picks month/day."""
    y, qq = divmod(q, 4)
    if fmt == "Y":
        return str(y)
    if fmt == "H":
        return f"{y}-H{1 if qq < 2 else 2}"
    if fmt == "Q":
        return f"{y}-Q{qq + 1}"
    month = 3 * qq + 1 + var % 3
    if fmt == "M":
        return f"{y}-{month:02d}"
    last = calendar.monthrange(y, month)[1]
    day = last if var % 2 == 0 else 15
    return f"{y}-{month:02d}-{day:02d}"


def period_end(q, fmt, var):
    s = render_period(q, fmt, var)
    parts = s.split("-")
    y = int(parts[0])
    if len(parts) == 1:
        return datetime.date(y, 12, 31)
    p = parts[1]
    if p.startswith("H"):
        return datetime.date(y, 6, 30) if p == "H1" else datetime.date(y, 12, 31)
    if p.startswith("Q"):
        return quarter_end(y * 4 + int(p[1]) - 1)
    m = int(p)
    if len(parts) == 2:
        return datetime.date(y, m, calendar.monthrange(y, m)[1])
    return datetime.date(y, m, int(parts[2]))


# --------------------------------------------------------------------------- model

class Initiative:
    __slots__ = ("num", "id", "title", "status", "horizon", "priority", "owner", "outcome",
                 "outcome_heading", "labels", "labels_block", "depends_on", "q_target",
                 "tfmt", "tvar", "q_start", "sfmt", "svar", "body", "area", "explicit_id",
                 "items", "versions", "crlf", "bom")


class Item:
    __slots__ = ("num", "id", "title", "type", "status", "initiative", "priority", "estimate",
                 "assignee", "sprint", "labels", "labels_block", "depends_on", "area", "archived",
                 "slug", "prose_before", "criteria_heading", "criteria", "check_order",
                 "checked", "prose_after", "omit_status", "omit_type", "versions", "crlf", "bom")


def gen_initiatives(rng, n, n_items):
    inits = []
    used_titles = set()
    for i in range(1, n + 1):
        it = Initiative()
        it.num = i
        it.id = f"init-{i:04d}"
        it.explicit_id = rng.random() < 0.5
        while True:
            t = f"{rng.choice(INITIATIVE_ADJ)} {rng.choice(INITIATIVE_NOUN)}"
            if t in used_titles:
                t = f"{t} (phase {rng.randint(2, 4)})"
            if t not in used_titles:
                break
        used_titles.add(t)
        if rng.random() < 0.05:
            t = f"{rng.choice(['EU', 'US', 'APAC'])}: {t}"
        it.title = t
        it.status = wchoice(rng, INITIATIVE_STATUS_MIX)
        it.owner = rng.choice(OWNERS) if rng.random() < 0.9 else None
        it.area = rng.choice(AREAS)
        it.labels = rng.sample(THEMES, rng.randint(0, 3))
        it.labels_block = rng.random() < 0.3
        it.depends_on = []
        if i > 3 and rng.random() < 0.1:
            it.depends_on = sorted({f"init-{rng.randint(max(1, i - 20), i - 1):04d}"
                                    for _ in range(rng.randint(1, 2))})
        it.items = []
        it.priority = None
        it.crlf = it.bom = False
        inits.append(it)

    # Every planned/active initiative needs an item: demote the surplus if items are few.
    need = [it for it in inits if it.status in ("planned", "active")]
    for it in need[n_items:]:
        it.status = "proposed"

    # Priorities: unique across the whole roadmap; planned/active always have one.
    ranked = [it for it in inits if it.status in ("planned", "active")]
    others = [it for it in inits if it.status not in ("planned", "active") and rng.random() < 0.5]
    rng.shuffle(ranked)
    rng.shuffle(others)
    # active tend to rank before planned
    ranked.sort(key=lambda it: 0 if it.status == "active" else 1)
    for rank, it in enumerate(ranked + others, start=1):
        it.priority = rank

    for it in inits:
        st = it.status
        it.horizon = {
            "active": "now", "planned": rng.choice(["now", "next", "next"]),
            "proposed": rng.choice(["next", "later", "later"]),
            "done": rng.choice(["now", None]), "dropped": None,
        }[st]
        if st in ("done", "dropped"):
            it.q_target = 2025 * 4 + rng.randint(1, 7)  # 2025-Q2 .. 2026-Q4
        else:
            base = {"active": 0, "planned": 1, "proposed": 3}[st]
            it.q_target = 2027 * 4 + rng.randint(base, base + 5)
        it.tfmt = rng.choice("YHQQQMMD")
        if st in ("done", "dropped") and it.tfmt in "YH":
            it.tfmt = "Q"
        it.tvar = rng.randint(0, 5)
        if rng.random() < 0.7:
            it.q_start = it.q_target - rng.randint(1, 5)
            it.sfmt = rng.choice("QQM")
            it.svar = rng.randint(0, 5)
        else:
            it.q_start = None
        if st not in ("done", "dropped"):
            assert period_end(it.q_target, it.tfmt, it.tvar) >= TODAY
        it.outcome_heading = rng.random() < 0.15
        it.outcome = fill_object(rng, rng.choice(OUTCOMES)) if rng.random() < 0.9 else None
        body = [paragraph(rng) for _ in range(rng.randint(1, 4))]
        if it.outcome_heading and it.outcome:
            body.insert(0, "## Outcome\n\n" + it.outcome + ". " + paragraph(rng))
        if rng.random() < 0.3:
            body.append("## Key results\n\n" + "\n".join(
                f"- {fill_object(rng, rng.choice(OUTCOMES))}" for _ in range(rng.randint(2, 4))))
        if rng.random() < 0.1:
            body.append("## Milestones\n\n" + "\n".join(
                f"- [{'x' if rng.random() < 0.5 else ' '}] {rng.choice(TITLE_VERBS)} "
                f"{rng.choice(OBJECTS)}" for _ in range(rng.randint(1, 3))))
        it.body = body
    return inits


def item_title(rng, typ):
    if typ == "bug":
        t = f"{rng.choice(OBJECTS).capitalize()} {rng.choice(SYMPTOMS)}"
        if rng.random() < 0.1:
            t = "Fix: " + t[0].lower() + t[1:]
    elif typ == "spike":
        t = f"Investigate {rng.choice(OBJECTS)} options"
    elif typ == "chore":
        t = rng.choice([f"Upgrade {rng.choice(DEPS)}",
                        f"Bump {rng.choice(DEPS)} to {rng.randint(2, 19)}.{rng.randint(0, 9)}",
                        f"Clean up {rng.choice(OBJECTS)} code"])
    else:
        q = rng.choice(QUALIFIERS)
        t = f"{rng.choice(TITLE_VERBS)} {rng.choice(OBJECTS)}" + (f" {q}" if q else "")
    r = rng.random()
    if r < 0.03:
        t = f'{t} ("{rng.choice(OBJECTS)}" tab)'
    elif r < 0.05:
        t = f"Don't block {rng.choice(OBJECTS)} while {t[0].lower() + t[1:]}"
    elif r < 0.08:
        t = f"{rng.choice(AREAS).split('/')[-1].capitalize()}: {t[0].lower() + t[1:]}"
    elif r < 0.09:
        t = f"{t} #{rng.randint(100, 999)}"
    return t


ACTIVE_STATUSES = ("in-progress", "in-review")


def gen_items(rng, m, inits, active=None):
    # Item -> initiative: every planned/active initiative gets one item first, the rest
    # go by a Zipf-like weight so some initiatives are large.
    must = [it for it in inits if it.status in ("planned", "active")]
    weights = []
    for it in inits:
        w = {"active": 6.0, "planned": 3.0, "proposed": 0.6, "done": 4.0, "dropped": 1.0}[it.status]
        w *= 1.0 / (1 + (it.num % 17) * 0.3) * rng.uniform(0.3, 2.0)
        weights.append(w)
    owners = []
    for k in range(m):
        if k < len(must):
            owners.append(must[k])
        else:
            owners.append(rng.choices(inits, weights)[0])
    rng.shuffle(owners)
    # --active: the chance for an item under a planned/active initiative to be active, so
    # that about `active * m` items are.
    eligible = sum(1 for ini in owners if ini.status in ("planned", "active"))
    p_active = min(1.0, active * m / eligible) if active is not None and eligible else 0.0

    sprints = [f"2026-S{n:02d}" for n in range(1, 24)]
    items = []
    for n in range(1, m + 1):
        ini = owners[n - 1]
        it = Item()
        it.num = n
        it.id = f"S-{n}"
        it.initiative = ini.id
        ini.items.append(it)
        it.type = wchoice(rng, TYPE_MIX)
        it.omit_type = it.type == "story" and rng.random() < 0.2
        it.title = item_title(rng, it.type)
        it.slug = slugify(it.title)
        if active is None:
            it.status = wchoice(rng, ITEM_STATUS_MIX[ini.status])
        elif ini.status in ("planned", "active") and rng.random() < p_active:
            it.status = "in-progress" if rng.random() < 0.67 else "in-review"
        else:
            it.status = wchoice(rng, [(s, w) for s, w in ITEM_STATUS_MIX[ini.status]
                                      if s not in ACTIVE_STATUSES])
        it.omit_status = it.status == "todo" and rng.random() < 0.15
        it.area = ini.area if rng.random() < 0.7 else rng.choice(AREAS)
        it.archived = False
        it.priority = rng.randint(1, max(1, m // 4)) if rng.random() < 0.8 else None
        it.estimate = (rng.choice([0.5, 1, 1, 2, 2, 3, 3, 5, 5, 8, 13])
                       if rng.random() < 0.75 else None)
        active_like = it.status in ("in-progress", "in-review", "done")
        it.assignee = (rng.choice(PEOPLE)[0] if active_like or rng.random() < 0.3 else None)
        it.sprint = rng.choice(sprints) if active_like and rng.random() < 0.8 else None
        it.labels = rng.sample(LABELS, rng.choice([0, 0, 1, 1, 2, 2, 3]))
        it.labels_block = rng.random() < 0.3
        it.depends_on = []
        if n > 5 and rng.random() < 0.08:
            it.depends_on = sorted({f"S-{rng.randint(max(1, n - 60), n - 1)}"
                                    for _ in range(rng.randint(1, 2))},
                                   key=lambda s: int(s[2:]))
        # body
        before = []
        if it.type == "story" and rng.random() < 0.8:
            before.append(f"As a {rng.choice(PERSONAS)} I want to {rng.choice(TITLE_VERBS).lower()} "
                          f"the {rng.choice(OBJECTS)} so that {rng.choice(BENEFITS)}.")
        if it.type == "bug":
            before.append("Steps to reproduce:\n\n" + "\n".join(
                f"{k}. {sentence(rng, 4, 9)}" for k in range(1, rng.randint(2, 5))))
        for _ in range(rng.randint(1, 6) - (1 if before else 0)):
            before.append(paragraph(rng))
        if rng.random() < 0.12:
            lang, code = rng.choice(CODE_SNIPPETS)
            before.insert(rng.randint(0, len(before)), f"```{lang}\n{code}\n```")
        if rng.random() < 0.03:
            before.append("---\n\n" + paragraph(rng))  # a thematic break, not front matter
        it.prose_before = before
        needs_criteria = it.status in ("ready", "in-progress", "in-review")
        has_criteria = needs_criteria or rng.random() < 0.85
        if has_criteria:
            k = rng.randint(1, 6)
            it.criteria = [fill_object(rng, c) for c in rng.sample(CRITERIA, k)]
            it.check_order = list(range(k))
            rng.shuffle(it.check_order)
            if it.status == "done":
                it.checked = k
            elif it.status in ("in-progress", "wontdo"):
                it.checked = rng.randint(0, k - 1) if k > 1 else 0
            elif it.status == "in-review":
                it.checked = rng.randint(max(0, k - 2), k)
            else:
                it.checked = 0
            it.criteria_heading = wchoice(rng, [("## Acceptance criteria", 85),
                                                ("## Acceptance Criteria", 10),
                                                ("### Acceptance criteria", 5)])
        else:
            it.criteria = []
            it.check_order = []
            it.checked = 0
            it.criteria_heading = None
        it.prose_after = []
        if rng.random() < 0.15:
            it.prose_after.append("## Notes\n\n" + paragraph(rng))
        it.crlf = it.bom = False
        items.append(it)

    # ~5 % archived, drawn from the closed items
    closed = [it for it in items if it.status in ("done", "wontdo")]
    want = min(len(closed), round(0.05 * m))
    for it in rng.sample(closed, want):
        it.archived = True
    return items


# --------------------------------------------------------------------------- rendering

def fm_labels(out, labels, block):
    if not labels:
        return
    if block:
        out.append("labels:")
        out.extend(f"  - {l}" for l in labels)
    else:
        out.append("labels: [" + ", ".join(labels) + "]")


def finish(text, crlf, bom):
    if crlf:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    return b"\xef\xbb\xbf" + data if bom else data


def initiative_path(ini):
    return f"roadmap/{ini.id}.md"


def render_initiative(ini, st=None):
    """st: optional overrides {status, horizon, q_target}."""
    status = st["status"] if st else ini.status
    horizon = st["horizon"] if st else ini.horizon
    q_target = st["q_target"] if st else ini.q_target
    out = ["---"]
    if ini.explicit_id:
        out.append(f"id: {ini.id}")
    out.append(f"title: {yaml_str(ini.title)}")
    out.append(f"status: {status}")
    if horizon:
        out.append(f"horizon: {horizon}")
    if ini.q_start is not None:
        out.append(f"start: {render_period(min(ini.q_start, q_target - 1), ini.sfmt, ini.svar)}")
    out.append(f"target: {render_period(q_target, ini.tfmt, ini.tvar)}")
    if ini.priority is not None:
        out.append(f"priority: {ini.priority}")
    if ini.owner:
        out.append(f"owner: {ini.owner}")
    if ini.outcome and not ini.outcome_heading:
        out.append(f"outcome: {yaml_str(ini.outcome)}")
    fm_labels(out, ini.labels, ini.labels_block)
    if ini.depends_on:
        out.append("depends_on: [" + ", ".join(ini.depends_on) + "]")
    out.append("---")
    text = "\n".join(out) + "\n" + "\n\n".join(ini.body) + "\n"
    return finish(text, ini.crlf, ini.bom)


def item_path(it, archived=None):
    archived = it.archived if archived is None else archived
    folder = "archive" if archived else it.area
    return f"backlog/{folder}/S-{it.num}-{it.slug}.md"


def render_item(it, st=None):
    """st: optional overrides {status, assignee, sprint, checked, estimate, archived}."""
    status = st["status"] if st else it.status
    assignee = st["assignee"] if st else it.assignee
    sprint = st["sprint"] if st else it.sprint
    checked = st["checked"] if st else it.checked
    estimate = st["estimate"] if st else it.estimate
    out = ["---", f"id: {it.id}", f"title: {yaml_str(it.title)}"]
    if not it.omit_type:
        out.append(f"type: {it.type}")
    if not (it.omit_status and status == "todo"):
        out.append(f"status: {status}")
    out.append(f"initiative: {it.initiative}")
    if it.priority is not None:
        out.append(f"priority: {it.priority}")
    if estimate is not None:
        out.append(f"estimate: {estimate}")
    if assignee:
        out.append(f"assignee: {assignee}")
    if sprint:
        out.append(f"sprint: {sprint}")
    fm_labels(out, it.labels, it.labels_block)
    if it.depends_on:
        out.append("depends_on: [" + ", ".join(it.depends_on) + "]")
    out.append("---")
    parts = list(it.prose_before)
    if it.criteria:
        done = set(it.check_order[:checked])
        parts.append(it.criteria_heading + "\n" + "\n".join(
            f"- [{'x' if k in done else ' '}] {c}" for k, c in enumerate(it.criteria)))
    parts.extend(it.prose_after)
    text = "\n".join(out) + "\n" + "\n\n".join(parts) + "\n"
    return finish(text, it.crlf, it.bom)


CAIRN_YML = """\
# cairn configuration (generated by scripts/gen-plan.py)
roadmap_dir: roadmap
backlog_dir: backlog
stale_after_days: 14
id_prefix: {initiative: "init-", story: "S-"}
rules:
  roadmap/task-list: warning
"""

ROADMAP_README = """\
# Roadmap

One file per initiative. Stakeholders read this folder through `cairn roadmap` and
`cairn export html`; backlog detail lives in `../backlog/`.
"""

BACKLOG_README = """\
# Backlog

Stories, tasks and bugs, one file each, grouped by product area. Finished items move to
`archive/`. Every item names its `initiative:`; run `cairn check` before pushing.
"""

TEMPLATE = """\
---
title: Short imperative title
type: story
status: todo
initiative: init-0000
---
As a <persona> I want <goal> so that <benefit>.

## Acceptance criteria
- [ ] ...
"""


def static_files(plain):
    files = {"cairn.yml": CAIRN_YML.encode()}
    if not plain:
        files["roadmap/README.md"] = ROADMAP_README.encode()
        files["backlog/README.md"] = BACKLOG_README.encode()
        files["backlog/_template.md"] = TEMPLATE.encode()
    return files


# --------------------------------------------------------------------------- history

def item_versions(it):
    """Lifecycle states of an item as (state, kind), oldest first; the last is the file."""
    s = it.status
    base = dict(status="todo", assignee=None, sprint=None, checked=0, estimate=it.estimate,
                archived=False)
    seq = {"todo": [], "ready": ["ready"], "in-progress": ["in-progress"],
           "in-review": ["in-progress", "in-review"], "wontdo": ["wontdo"],
           "done": ["in-progress", "in-review", "done"] if it.num % 3 == 0
           else ["in-progress", "done"]}[s]
    versions = [(dict(base), "add")]
    k = len(it.criteria)
    for st in seq:
        v = dict(base, status=st)
        if st == "in-progress":
            v.update(assignee=it.assignee, sprint=it.sprint, checked=min(it.checked, k // 2))
        elif st == "in-review":
            v.update(assignee=it.assignee, sprint=it.sprint, checked=max(it.checked, k - 1, 0))
        versions.append((v, st))
    if it.archived:
        versions.append((dict(versions[-1][0]), "archive"))
    # the final version is exactly the written file
    versions[-1][0].update(status=s, assignee=it.assignee, sprint=it.sprint,
                           checked=it.checked, estimate=it.estimate, archived=it.archived)
    return versions


def initiative_versions(ini, hrng):
    s = ini.status
    chain = {"proposed": ["proposed"], "planned": ["proposed", "planned"],
             "active": ["proposed", "planned", "active"], "done": ["planned", "active", "done"],
             "dropped": ["proposed", "planned", "dropped"]}[s]
    if s in ("planned", "active", "dropped") and hrng.random() < 0.4:
        chain = chain[1:]
    hz = {"proposed": "later", "planned": "next", "active": "now", "done": ini.horizon,
          "dropped": None}
    versions = [dict(status=st, horizon=hz[st] if st != s else ini.horizon, q_target=0,
                     kind=("add" if j == 0 else st)) for j, st in enumerate(chain)]
    slips = 0
    if hrng.random() < 0.3:
        slips = hrng.choice([1, 1, 2])
    # insert slip versions; targets grow by one quarter at each slip
    for _ in range(slips):
        pos = hrng.randint(1, len(versions))
        versions.insert(pos, dict(versions[pos - 1], kind="slip"))
    n_slip_seen = 0
    for v in versions:
        if v["kind"] == "slip":
            n_slip_seen += 1
        v["q_target"] = ini.q_target - (slips - n_slip_seen)
    last = versions[-1]
    last.update(status=ini.status, horizon=ini.horizon, q_target=ini.q_target)
    return versions


def schedule(hrng, start, count, lo, hi, gap):
    """count nondecreasing commit indices after start, each in [lo, hi]."""
    out = []
    cur = start
    for _ in range(count):
        nxt = cur + 1 + int(hrng.expovariate(1.0 / gap))
        nxt = max(nxt, lo)
        nxt = min(nxt, hi)
        cur = max(cur, nxt)
        out.append(cur)
    return out


def build_history(inits, items, statics, n_commits, seed):
    """Schedule every version of every file onto commits 0..n_commits-1.

    Returns (dates, events, descs, actors): per commit its epoch seconds, an ordered
    {file key: payload} (last version per file wins), descriptions and an author login.
    """
    hrng = random.Random(f"{seed}/git")
    C = max(1, n_commits)
    last = C - 1
    # commit dates: steps of 1-7 hours, ending at HISTORY_END
    steps = [hrng.randint(3600, 7 * 3600) for _ in range(C - 1)]
    end = int(HISTORY_END.timestamp())
    dates = [end - sum(steps)]
    for s in steps:
        dates.append(dates[-1] + s)
    recent = next(i for i, d in enumerate(dates) if d >= end - 10 * 86400)
    gap = max(1.0, C / 25)

    # tracks: one per file, [key, [payload...], [desc...], [commit...], actor, frozen]
    # frozen[j]: version j must not move before `recent` (active items' last change)
    tracks = [[("s", p), [(p, d)], ["Set up the cairn plan"], [0], None, [False]]
              for p, d in statics.items()]
    item_names = {"add": "Add", "ready": "Refine", "in-progress": "Start", "in-review": "Review",
                  "done": "Finish", "wontdo": "Drop", "archive": "Archive"}
    create_span = max(1, int(0.85 * C))
    M = len(items)
    item_last = {}
    item_first = {}
    for it in items:
        versions = item_versions(it)
        c0 = min(last, (it.num - 1) * create_span // max(1, M))
        cs = [c0]
        rest = len(versions) - 1
        active = it.status in ("in-progress", "in-review") and not it.archived
        if rest:
            if active:
                mids = schedule(hrng, c0, rest - 1, c0, last, gap)
                lo = min(last, max(recent, (mids[-1] if mids else c0) + 1))
                cs += mids + [hrng.randint(lo, last)]
            else:
                cs += schedule(hrng, c0, rest, c0, last, gap)
        item_first[it.num], item_last[it.num] = cs[0], cs[-1]
        frozen = [False] * len(cs)
        frozen[-1] = active
        tracks.append([("i", it.num), [("item", it, v) for v, _ in versions],
                       [f"{item_names[k]} {it.id}: {it.title}" for _, k in versions], cs,
                       it.assignee or OWNERS[it.num % len(OWNERS)], frozen])

    N = len(inits)
    init_names = {"add": "Propose", "planned": "Plan", "active": "Kick off", "done": "Complete",
                  "dropped": "Drop", "proposed": "Propose"}
    for ini in inits:
        versions = initiative_versions(ini, hrng)
        first_item = min((item_first[it.num] for it in ini.items), default=last)
        c0 = min(first_item, (ini.num - 1) * max(1, int(0.3 * C)) // max(1, N))
        c_end = max([item_last[it.num] for it in ini.items], default=c0)
        cs = [c0]
        rest = len(versions) - 1
        if rest:
            mids = schedule(hrng, c0, rest - 1, c0, last, gap * 3)
            after = min(last, (mids[-1] if mids else c0) + 1)
            if ini.status in ("done", "dropped"):
                fin = max(c_end, after)
            else:
                fin = hrng.randint(after, last)
            cs += mids + [fin]
        descs = [f"Move {ini.id} target to {render_period(v['q_target'], ini.tfmt, ini.tvar)}"
                 if v["kind"] == "slip" else f"{init_names[v['kind']]} {ini.id}: {ini.title}"
                 for v in versions]
        tracks.append([("r", ini.num), [("initiative", ini, v) for v in versions], descs, cs,
                       ini.owner or "dana", [False] * len(cs)])

    # No empty commits (when there are enough changes): move a later change of some file
    # back into an empty commit, keeping each file's own order; creations never move (so
    # depends_on targets and initiatives still come first).
    by_commit = [[] for _ in range(C)]
    for t in tracks:
        for j, c in enumerate(t[3]):
            by_commit[c].append((t, j))
    for c in range(C):
        if by_commit[c]:
            continue
        moved = False
        for c2 in range(c + 1, C):
            if len(by_commit[c2]) < 2:
                continue
            for k, (t, j) in enumerate(by_commit[c2]):
                if j == 0 or t[3][j - 1] >= c or (t[5][j] and c < recent):
                    continue
                if t[3][j] != c2:  # stale entry (version already moved)
                    continue
                t[3][j] = c
                by_commit[c].append((t, j))
                del by_commit[c2][k]
                moved = True
                break
            if moved:
                break

    events = [dict() for _ in range(C)]
    descs = [[] for _ in range(C)]
    actors = [None] * C
    for t in tracks:
        key, payloads, ds, cs, actor, _ = t
        for p, d, c in zip(payloads, ds, cs):
            events[c][key] = p
            descs[c].append(d)
            if actors[c] is None:
                actors[c] = actor
    for c in range(C):
        if descs[c]:
            descs[c] = list(dict.fromkeys(descs[c]))  # dedupe, keep order
    return dates, events, descs, actors


def commit_message(descs, first):
    if not descs:
        return "Review the plan (no changes)\n"
    if len(descs) == 1:
        return descs[0] + "\n"
    if first:
        subject = "Set up the cairn plan"
    else:
        counts = {}
        for d in descs:
            verb = d.split(" ", 1)[0]
            counts[verb] = counts.get(verb, 0) + 1
        subject = "Plan update: " + ", ".join(f"{v.lower()} {n}" for v, n in counts.items())
    body = "\n".join(f"- {d}" for d in descs[:40])
    if len(descs) > 40:
        body += f"\n- ... and {len(descs) - 40} more"
    return subject + "\n\n" + body + "\n"


def write_git(out_dir, inits, items, statics, files, n_commits, seed):
    dates, events, descs, actors = build_history(inits, items, statics, n_commits, seed)
    people = dict(PEOPLE)
    subprocess.run(["git", "init", "-q", "-b", "main", out_dir], check=True)
    proc = subprocess.Popen(["git", "-C", out_dir, "fast-import", "--quiet", "--done"],
                            stdin=subprocess.PIPE)
    w = proc.stdin
    current = {}  # key -> path in the tree
    final_tree = {}
    for c, evs in enumerate(events):
        login = actors[c] or "dana"
        who = f"{people.get(login, login.capitalize())} <{login}@example.com>"
        ts = dates[c]
        msg = commit_message(descs[c], c == 0).encode()
        w.write(b"commit refs/heads/main\n")
        w.write(f"author {who} {ts} +0000\ncommitter {who} {ts} +0000\n".encode())
        w.write(b"data %d\n" % len(msg) + msg + b"\n")
        for key, ev in evs.items():
            if key[0] == "s":
                path, data = ev
            elif ev[0] == "item":
                _, it, v = ev
                path, data = item_path(it, v["archived"]), render_item(it, v)
            else:
                _, ini, v = ev
                path, data = initiative_path(ini), render_initiative(ini, v)
            old = current.get(key)
            if old is not None and old != path:
                w.write(b"D " + old.encode() + b"\n")
                del final_tree[old]
            current[key] = path
            final_tree[path] = data
            w.write(b"M 100644 inline " + path.encode() + b"\n")
            w.write(b"data %d\n" % len(data) + data + b"\n")
        w.write(b"\n")
    w.write(b"done\n")
    w.close()
    if proc.wait() != 0:
        sys.exit("gen-plan: git fast-import failed")
    if final_tree != files:
        missing = set(files) ^ set(final_tree)
        diff = [p for p in files if p in final_tree and files[p] != final_tree[p]]
        sys.exit(f"gen-plan: internal error: last commit differs from the written files "
                 f"({len(missing)} paths differ, {len(diff)} contents differ, e.g. "
                 f"{(sorted(missing) + diff)[:3]})")
    subprocess.run(["git", "-C", out_dir, "reset", "-q"], check=True)
    st = subprocess.run(["git", "-C", out_dir, "status", "--porcelain"], check=True,
                        capture_output=True, text=True).stdout
    if st.strip():
        sys.exit("gen-plan: git status is not clean after import:\n" + st[:2000])
    return len(events), sum(1 for d in descs if not d)


# --------------------------------------------------------------------------- main

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out_dir")
    ap.add_argument("--initiatives", type=int, required=True)
    ap.add_argument("--items", type=int, required=True)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--git", type=int, metavar="COMMITS",
                    help="make OUT_DIR a git repository with this many commits of history")
    ap.add_argument("--active", type=float, metavar="FRACTION",
                    help="make about this fraction (0..1) of all items active (in-progress/in-review)")
    ap.add_argument("--force", action="store_true",
                    help="replace cairn.yml, roadmap/, backlog/ and .git/ in a non-empty OUT_DIR")
    ap.add_argument("--plain", action="store_true",
                    help="no CRLF/BOM files, no README.md/_template.md")
    ap.add_argument("-q", "--quiet", action="store_true")
    a = ap.parse_args(argv)
    if a.initiatives < 1 or a.items < 0:
        ap.error("--initiatives must be >= 1 and --items >= 0")
    if a.active is not None and not 0 <= a.active <= 1:
        ap.error("--active must be between 0 and 1")
    if a.git is not None and a.git < 1:
        ap.error("--git needs at least 1 commit")

    t0 = time.perf_counter()
    out = a.out_dir
    if os.path.exists(out) and os.listdir(out):
        if not a.force:
            sys.exit(f"gen-plan: {out} is not empty (use --force to replace the plan in it)")
        for name in ("roadmap", "backlog", ".git"):
            shutil.rmtree(os.path.join(out, name), ignore_errors=True)
        if os.path.exists(os.path.join(out, "cairn.yml")):
            os.remove(os.path.join(out, "cairn.yml"))
    os.makedirs(out, exist_ok=True)

    rng = random.Random(a.seed)
    inits = gen_initiatives(rng, a.initiatives, a.items)
    items = gen_items(rng, a.items, inits, a.active)
    if not a.plain:
        for obj in inits + items:
            obj.crlf = rng.random() < 0.01
            obj.bom = rng.random() < 0.005

    statics = static_files(a.plain)
    files = dict(statics)
    for ini in inits:
        files[initiative_path(ini)] = render_initiative(ini)
    for it in items:
        files[item_path(it)] = render_item(it)
    assert len(files) == len(statics) + len(inits) + len(items), "path collision"

    made = set()
    for path, data in files.items():
        full = os.path.join(out, path)
        d = os.path.dirname(full)
        if d not in made:
            os.makedirs(d, exist_ok=True)
            made.add(d)
        with open(full, "wb") as f:
            f.write(data)
    t1 = time.perf_counter()
    total = sum(len(d) for d in files.values())
    msg = (f"gen-plan: wrote {len(files)} files ({len(inits)} initiatives, {len(items)} items, "
           f"{total} bytes; {sum(it.status in ACTIVE_STATUSES for it in items)} active items) "
           f"to {out} in {t1 - t0:.2f} s")
    if a.git is not None:
        n, empty = write_git(out, inits, items, statics, files, a.git, a.seed)
        msg += f"; git history of {n} commits in {time.perf_counter() - t1:.2f} s"
        if empty:
            msg += f" ({empty} without changes: fewer changes than commits)"
    if not a.quiet:
        print(msg, file=sys.stderr)


if __name__ == "__main__":
    main()
