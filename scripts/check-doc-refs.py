#!/usr/bin/env python3
"""Check the references to docs/detection.md and docs/tuning-journal.md.

Every mention of either page in README.md, CHANGELOG.md (its Unreleased part: released history stays as it was
written), docs/*.md, Sources/**/*.swift and Tests/**/*.swift may name sections in quotes right after it
(`docs/detection.md, "Silence"`); each quoted name must be a heading (## or ###) of that page, exactly. Every
Markdown link `(detection.md#anchor)` / `(tuning-journal.md#anchor)`, and every `(#anchor)` inside either page, must
lead to a heading. Prints each broken reference as `file:line: ...` and exits 1 if there is any; takes well under a
second.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PAGES = {"detection.md": ROOT / "docs/detection.md", "tuning-journal.md": ROOT / "docs/tuning-journal.md"}


def headings(path):
    """The page's ## and ### headings, and their GitHub anchors."""
    names, anchors, seen, fence = set(), set(), {}, False
    for line in path.read_text().splitlines():
        if line.startswith("```"):
            fence = not fence
            continue
        match = None if fence else re.match(r"^#{2,3} (.*)$", line)
        if match:
            name = match.group(1).strip()
            names.add(name)
            slug = re.sub(r"[^\w\- ]", "", name.lower()).replace(" ", "-")
            anchors.add(f"{slug}-{seen[slug]}" if slug in seen else slug)
            seen[slug] = seen.get(slug, 0) + 1
    return names, anchors


def sources():
    for path in [ROOT / "README.md", ROOT / "CHANGELOG.md", *sorted((ROOT / "docs").glob("*.md"))]:
        yield path
    for folder in ("Sources", "Tests"):
        yield from sorted((ROOT / folder).rglob("*.swift"))


def text_of(path):
    """The file's lines as one string (comment markers removed, so a reference may wrap) and each line's offset."""
    lines = path.read_text().splitlines()
    if path.name == "CHANGELOG.md":  # released history is left as written
        released = next((i for i, line in enumerate(lines) if re.match(r"^## \[?\d", line)), len(lines))
        lines = lines[:released]
    joined, starts = [], []
    offset = 0
    for line in lines:
        if path.suffix == ".swift":
            line = re.sub(r"^\s*///?\s?", "", line)
        starts.append(offset)
        joined.append(line)
        offset += len(line) + 1
    return "\n".join(joined), starts


def main():
    pages = {name: headings(path) for name, path in PAGES.items()}
    problems, checked = [], 0
    for path in sources():
        text, starts = text_of(path)
        rel = path.relative_to(ROOT)

        def where(position):
            line = max(i for i, start in enumerate(starts) if start <= position) + 1
            return f"{rel}:{line}"

        own = path.name if path.name in pages else None
        for match in re.finditer(r"\]\(((?:[\w./-]*?)(detection\.md|tuning-journal\.md))?#([^)\s]+)\)", text):
            page = match.group(2) or own
            if page is None:
                continue
            checked += 1
            if match.group(3) not in pages[page][1]:
                problems.append(f"{where(match.start())}: no heading with anchor #{match.group(3)} in {page}")
        if own:
            continue  # the pages' own quoted names are prose (and the journal's are history)
        for match in re.finditer(r"(detection|tuning-journal)\.md", text):
            page = match.group(0)
            # The quoted names that follow the mention in the same parenthesis or sentence.
            tail = text[match.end():match.end() + 400]
            stop = re.search(r"\)|\.\s|;|docs/|\n\n|\n\s*\n", tail)
            tail = tail[:stop.start()] if stop else tail
            tail = re.sub(r"\]\([^)]*\)", "]", tail)
            for quoted in re.finditer(r"\"([^\"\n]+(?:\n[^\"\n]+)?)\"", tail):
                name = " ".join(quoted.group(1).split())
                checked += 1
                if name not in pages[page][0]:
                    problems.append(f"{where(match.start())}: \"{name}\" is not a heading of {page}")
    for problem in problems:
        print(problem)
    print(f"check-doc-refs: {checked} references checked, {len(problems)} broken", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
