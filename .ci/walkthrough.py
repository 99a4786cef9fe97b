#!/usr/bin/env python3
"""Runs docs/library.md's new-project walk-through word for word, then builds every C# block of README.md and
docs/package-readme.md in the project it made.

Usage: .ci/walkthrough.py WORK   (from the repository root; WORK: an empty folder)

The walk-through is the text between <!-- walkthrough:start --> and <!-- walkthrough:end -->: each ```sh block runs
as written in one bash session (set -euo pipefail) that starts in WORK/TorchAe, a copy of the repository's tracked
files (so its `../torchae-feed` and `cd ..` stay inside WORK); each ```csharp block marked <!-- file: NAME --> is
written to NAME in the folder the session is in at that point. Then each ```csharp block of README.md and
docs/package-readme.md is that project's Program.cs in turn and must build (the walk-through's own Program.cs is
restored at the end)."""
import os
import re
import subprocess
import sys

SH = re.compile(r"^```sh\n(.*?)^```", re.S | re.M)
FILE = re.compile(r"<!-- file: (\S+) -->\n```csharp\n(.*?)^```", re.S | re.M)
CSHARP = re.compile(r"^```csharp\n(.*?)^```", re.S | re.M)
EOF_MARK = "TORCHAE_WALKTHROUGH_EOF"


def walkthrough_script(markdown, start_dir, end_file):
    text = markdown.split("<!-- walkthrough:start -->", 1)[1].split("<!-- walkthrough:end -->", 1)[0]
    steps = sorted([(m.start(), "sh", m.group(1)) for m in SH.finditer(text)] +
                   [(m.start(), "file", (m.group(1), m.group(2))) for m in FILE.finditer(text)])
    if not any(kind == "file" for _, kind, _ in steps) or not any(kind == "sh" for _, kind, _ in steps):
        raise SystemExit("docs/library.md: the walk-through needs ```sh blocks and a <!-- file: NAME --> ```csharp block")
    lines = ["set -euo pipefail", f"cd '{start_dir}'"]
    for _, kind, body in steps:
        if kind == "sh":
            lines.append(body)
        else:
            name, code = body
            lines += [f"cat > '{name}' <<'{EOF_MARK}'", code.rstrip("\n"), EOF_MARK]
    lines.append(f"pwd > '{end_file}'")
    return "\n".join(lines) + "\n"


def main(work):
    work = os.path.abspath(work)
    clone = os.path.join(work, "TorchAe")
    os.makedirs(clone)
    files = subprocess.run(["git", "ls-files", "-z"], check=True, capture_output=True).stdout
    subprocess.run(f"tar --null -T - -cf - | tar -xf - -C '{clone}'", shell=True, check=True, input=files)

    end_file = os.path.join(work, ".walkthrough-cwd")
    script = walkthrough_script(open("docs/library.md", encoding="utf-8").read(), clone, end_file)
    print("walkthrough: running docs/library.md's steps:\n" + script, flush=True)
    subprocess.run(["bash", "-c", script], check=True)

    project = open(end_file, encoding="utf-8").read().strip()
    program = os.path.join(project, "Program.cs")
    walkthrough_program = open(program, encoding="utf-8").read()
    for doc in ("README.md", "docs/package-readme.md"):
        for i, block in enumerate(CSHARP.findall(open(doc, encoding="utf-8").read())):
            print(f"walkthrough: building {doc}'s C# block {i + 1} as {program}", flush=True)
            with open(program, "w", encoding="utf-8") as f:
                f.write(block)
            subprocess.run(["dotnet", "build", "-c", "Release", "-nologo", "-v", "q"], cwd=project, check=True)
    with open(program, "w", encoding="utf-8") as f:
        f.write(walkthrough_program)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(sys.argv[1])
