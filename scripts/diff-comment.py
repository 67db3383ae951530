#!/usr/bin/env python3
"""Renders the example plan diff comment of docs/ci.md the way GitHub shows a pull request
comment, and screenshots it to docs/img/diff-comment.png, for people to look at.

The Markdown is the fenced block after `<!-- example: cairn diff ... -->` in docs/ci.md, which
tests/integration/diff_review.rs checks against what `cairn diff` prints. Needs chromium and
the Python `markdown` package (`pip install markdown`); GitHub's own styles are approximated.

Usage: scripts/diff-comment.py [OUT.png]
"""
import pathlib
import re
import subprocess
import sys
import tempfile

import markdown

HERE = pathlib.Path(__file__).resolve().parent.parent
OUT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else HERE / "docs/img/diff-comment.png")

CSS = """
body { margin: 16px; background: #fff; font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans",
       Helvetica, Arial, sans-serif; color: #1f2328; }
.comment { border: 1px solid #d1d9e0; border-radius: 6px; }
.head { background: #f6f8fa; border-bottom: 1px solid #d1d9e0; padding: 8px 16px;
        color: #59636e; border-radius: 6px 6px 0 0; }
.head b { color: #1f2328; }
.body { padding: 0 16px 16px; }
h3 { font-size: 1.25em; margin: 16px 0; }
h4 { font-size: 1em; margin: 24px 0 16px; }
ul { padding-left: 2em; margin: 0 0 16px; }
li + li, li > ul { margin-top: 4px; }
li > ul { margin-bottom: 0; }
code { font: 85%/1 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
       background: rgba(129,139,152,.12); border-radius: 6px; padding: .2em .4em; }
"""


def example_markdown() -> str:
    text = (HERE / "docs/ci.md").read_text()
    found = re.search(r"<!-- example: cairn diff [^\n]*-->\n````markdown\n(.*?)\n````", text, re.S)
    if not found:
        sys.exit("docs/ci.md has no `<!-- example: cairn diff ... -->` block")
    return found.group(1)


def main() -> None:
    # GitHub nests a list under two spaces; Python-Markdown wants four.
    text = re.sub(r"(?m)^( +)", lambda m: m.group(1) * 2, example_markdown())
    body = markdown.markdown(text, extensions=["sane_lists"])
    page = (
        f"<!doctype html><meta charset=utf-8><style>{CSS}</style>"
        f'<div class=comment><div class=head><b>github-actions</b> bot commented</div>'
        f"<div class=body>{body}</div></div>"
    )
    with tempfile.TemporaryDirectory() as work:
        path = pathlib.Path(work) / "comment.html"
        path.write_text(page)
        subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={work}/profile", "--hide-scrollbars", "--window-size=980,1100",
             f"--screenshot={OUT}", path.as_uri()],
            check=True, capture_output=True,
        )
    print(f"{OUT} ({OUT.stat().st_size:,} bytes) from docs/ci.md")


if __name__ == "__main__":
    main()
