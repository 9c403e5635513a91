#!/usr/bin/env python3
"""Keeps src/ the house docs/design.md draws (run by CTest as layout.src).

Three rules, each a list of what breaks it:
  1. Rooms include only what stands below them. core/ includes only core/;
     synth includes core/; the two tasks, notebook/ and next_session/, include
     core/ and synth but not each other, except next_session/train ->
     notebook/ (the notebook model is one of the baselines a next-session
     model is judged against); next_session/model includes neither
     next_session/train nor notebook/. report/ and serve/ may include both
     tasks; nothing under src/ includes apps.
  2. A header's namespace is its folder's: src/core/ingest ->
     exertrack::core::ingest (helper namespaces nested inside, such as
     detail, are fine). `export` is a C++ keyword, so src/notebook/export is
     exertrack::notebook::export_.
  3. No two public types (class, struct or enum declared at namespace scope
     in a header under src/) share a name.

Usage: check_layout.py SRC_DIR      exit 1 and one line per problem
       check_layout.py --self-test  proves each rule catches a violation
"""
import os
import re
import sys
import tempfile

KEYWORDS = {"export": "export_"}

# room -> rooms (as path prefixes) its files may include besides itself
ALLOWED = {
    "core": ("core/",),
    "synth": ("core/",),
    "notebook": ("core/", "synth/", "notebook/"),
    "next_session/model": ("core/", "synth/", "next_session/model/"),
    "next_session/train": ("core/", "synth/", "next_session/", "notebook/"),
    "report": ("core/", "synth/", "notebook/", "next_session/"),
    "serve": ("core/", "synth/", "notebook/", "next_session/", "report/"),
}
ROOM_DIRS = ("core/", "synth/", "notebook/", "next_session/", "report/", "serve/", "apps/")


def room_of(rel):
    """The room whose include rule applies to src/<rel>."""
    for room in sorted(ALLOWED, key=len, reverse=True):
        if rel == room or rel.startswith(room + "/"):
            return room
    return None


def namespace_of(rel_dir):
    """src/<rel_dir> -> the namespace its headers declare."""
    parts = [KEYWORDS.get(p, p) for p in rel_dir.split("/")]
    return "::".join(["exertrack"] + parts)


def strip_comments_and_strings(text):
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    text = re.sub(r'R"(\w*)\(.*?\)\1"', '""', text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r'"(?:\\.|[^"\\\n])*"', '""', text)
    return re.sub(r"'(?:\\.|[^'\\\n])*'", "''", text)


NS_OPEN = re.compile(r"\bnamespace\s+([\w:]+)\s*\{")
TYPE_DECL = re.compile(r"\b(?:class|struct|enum\s+class|enum\s+struct|enum)\s+(?:\[\[[^\]]*\]\]\s*)?(\w+)"
                       r"\s*(?:final\s*)?(?::[^;{]*)?\{")


def namespace_scope_types(code):
    """(namespace, type name) of every class/struct/enum defined at namespace scope."""
    out = []
    stack = []  # one entry per open brace: a namespace name, or None for any other brace
    pos = 0
    for m in re.finditer(r"[{}]", code):
        chunk = code[pos:m.start() + 1]
        pos = m.end()
        if m.group(0) == "}":
            if stack:
                stack.pop()
            continue
        at_namespace_scope = all(s is not None for s in stack)
        ns = NS_OPEN.search(chunk)
        if ns and ns.end() == len(chunk) and "namespace" not in chunk[ns.end():]:
            stack.append(ns.group(1))
            continue
        if at_namespace_scope:
            t = TYPE_DECL.search(chunk[chunk.rfind(";") + 1:])
            if t:
                out.append(("::".join(stack), t.group(1)))
        stack.append(None)
    return out


def check(src):
    problems = []
    types = {}
    for dirpath, _, files in os.walk(src):
        for name in sorted(files):
            if not name.endswith((".hpp", ".cpp", ".h")):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, src).replace(os.sep, "/")
            rel_dir = os.path.dirname(rel)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            # 1. includes
            room = room_of(rel_dir)
            for line_no, line in enumerate(text.splitlines(), 1):
                inc = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
                if not inc or not inc.group(1).startswith(ROOM_DIRS):
                    continue
                target = inc.group(1)
                if room is None:
                    problems.append(f"{rel}:{line_no}: src/{rel_dir} is in no room of the house")
                elif not target.startswith(ALLOWED[room] + (room + "/",)):
                    problems.append(f"{rel}:{line_no}: {room} may not include {target}")
            if not name.endswith((".hpp", ".h")):
                continue
            code = strip_comments_and_strings(text)
            # 2. the header's namespaces
            want = namespace_of(rel_dir)
            for m in NS_OPEN.finditer(code):
                ns = m.group(1)
                line_no = code.count("\n", 0, m.start()) + 1
                if ns.startswith("exertrack") and not (ns == want or ns.startswith(want + "::")):
                    problems.append(f"{rel}:{line_no}: namespace {ns} in src/{rel_dir} (wanted {want})")
            # 3. public types, collected for the duplicate check
            for ns, type_name in namespace_scope_types(code):
                if ns.startswith("exertrack"):
                    types.setdefault(type_name, []).append(f"{ns}::{type_name} ({rel})")
    for type_name, where in sorted(types.items()):
        if len(where) > 1:
            problems.append(f"type {type_name} declared more than once: " + "; ".join(where))
    return problems


def self_test():
    """Each rule must catch a violation written for it, and a clean tree must pass."""
    clean = {
        "core/util/a.hpp": "#pragma once\nnamespace exertrack::core::util {\nstruct Alpha { int x{}; };\n}\n",
        "notebook/export/b.hpp": '#pragma once\n#include "core/util/a.hpp"\n'
                                 "namespace exertrack::notebook::export_ {\nstruct Beta {\n  struct Alpha {};\n};\n"
                                 "namespace detail {\nenum class Gamma { a };\n}\n}\n",
        "next_session/train/c.cpp": '#include "notebook/export/b.hpp"\n',
    }
    broken = {
        "notebook includes next_session": {"notebook/nn/d.cpp": '#include "next_session/model/e.hpp"\n'},
        "model includes train": {"next_session/model/d.cpp": '#include "next_session/train/e.hpp"\n'},
        "core includes a task": {"core/ingest/d.hpp": '#pragma once\n#include "notebook/nn/e.hpp"\n'},
        "wrong namespace": {"core/units/d.hpp": "#pragma once\nnamespace exertrack::core {\nstruct Delta {};\n}\n"},
        "flat namespace": {"synth/d.hpp": "#pragma once\nnamespace exertrack {\nvoid f();\n}\n"},
        "duplicate type": {"notebook/tune/d.hpp": "#pragma once\nnamespace exertrack::notebook::tune {\n"
                                                  "enum class Alpha : int { a };\n}\n"},
    }

    def run(files):
        with tempfile.TemporaryDirectory() as root:
            for rel, text in files.items():
                path = os.path.join(root, rel)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
            return check(root)

    failures = []
    if run(clean):
        failures.append(f"a clean tree failed: {run(clean)}")
    for what, extra in broken.items():
        if not run({**clean, **extra}):
            failures.append(f"not caught: {what}")
    for f in failures:
        print(f"self-test: {f}")
    if not failures:
        print(f"self-test: a clean tree passes, and all {len(broken)} violations are caught")
    return 1 if failures else 0


def main(argv):
    if argv[1:] == ["--self-test"]:
        return self_test()
    if len(argv) != 2:
        print(__doc__)
        return 2
    problems = check(argv[1])
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} problem(s): see docs/design.md for the rooms and their arrows")
        return 1
    print("src/ keeps the house: includes, namespaces and type names as docs/design.md draws them")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
