"""Records one `./x bench` run: appends its rows to bench/history.md and makes the README's
performance table that run's.

usage: record.py LIMIT.md[,LIMIT2.md...] FERRIO.md[,...] GRADIO.md[,...]
Each file is what `ferrio-bench` printed for one server in one round (a markdown table, one row
per user count); of several rounds, each user count keeps its best. The commit is HEAD's, marked
`+changes` when the work tree differs from it.
"""
import datetime
import os
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
HISTORY = ROOT / "bench" / "history.md"
README = ROOT / "README.md"
BEGIN = "<!-- bench:begin"
END = "<!-- bench:end -->"
HEADER = """# Benchmark history

Every `./x bench` run appends its rows here (echo through `queue/join` + `queue/data`, concurrency
limit 1, closed loop, `ferrio-bench`, each server loaded alone in turn; from 2026-12-07 at 968a3cd
the limit server and Ferrio take two turns each and keep their better one); the README's
performance table is the latest run. `limit` is `bench/src/bin/limit-server.rs`: only the two
queue routes, the physical limit on this machine.

| date | commit | cores | users | limit | Ferrio | Ferrio / limit | Gradio 6.31.0 |
|---|---|---:|---:|---|---|---:|---|
"""


def levels(paths):
    """users -> (req/s, p50 ms, errors) from ferrio-bench's tables (comma-separated paths, one
    per round): the round with the most req/s at each user count."""
    out = {}
    for path in paths.split(","):
        for line in pathlib.Path(path).read_text().splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) == 7 and cells[0].isdigit():
                level = (float(cells[3]), float(cells[4]), int(cells[2]))
                users = int(cells[0])
                if users not in out or level[0] > out[users][0]:
                    out[users] = level
    if not out:
        sys.exit(f"{paths}: no results (did the load run?)")
    return out


def ms(v):
    return f"{v / 1000:.1f} s" if v >= 1000 else f"{v:.2f} ms" if v < 10 else f"{v:.0f} ms"


def cell(level):
    if level is None:
        return "-"
    rps, p50, errors = level
    if rps == 0:
        return f"no event completed, {errors:,} failed"
    failed = f", {errors:,} failed" if errors else ""
    return f"{rps:,.0f} req/s, p50 {ms(p50)}{failed}"


def commit():
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                          capture_output=True, text=True).stdout.strip() or "unknown"
    # What this script writes is no change to what was measured.
    changed = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", ".",
                              ":!README.md", ":!bench/history.md"], cwd=ROOT,
                             capture_output=True, text=True).stdout.strip()
    return head + ("+changes" if changed else "")


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    limit, ferrio, gradio = (levels(p) for p in sys.argv[1:])
    date = datetime.date.today().isoformat()
    rev = commit()
    cores = os.cpu_count()
    rows = []
    for users in sorted(ferrio):
        share = (f"{ferrio[users][0] / limit[users][0]:.0%}".replace("%", " %")
                 if users in limit else "-")
        rows.append(f"| {date} | {rev} | {cores} | {users:,} | {cell(limit.get(users))} | "
                    f"{cell(ferrio[users])} | {share} | {cell(gradio.get(users))} |")
    if not HISTORY.exists():
        HISTORY.write_text(HEADER)
    with HISTORY.open("a") as f:
        f.write("\n".join(rows) + "\n")

    table = [
        f"{BEGIN} (`./x bench` writes this from bench/history.md's latest run) -->",
        f"Measured {date} at {rev} on a {cores}-core machine (load tool and server share the "
        "cores), 8 s per point, the better of two rounds taken in turns:",
        "",
        "| users | limit server | Ferrio (release) | Ferrio / limit | Gradio 6.31.0 |",
        "|---:|---|---|---:|---|",
    ]
    table += ["| " + " | ".join(r.split(" | ")[3:]) for r in rows]
    table.append(END)
    readme = README.read_text()
    block = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.S)
    if not block.search(readme):
        sys.exit("README.md has no bench block to replace")
    README.write_text(block.sub(lambda _: "\n".join(table), readme, count=1))
    print("\n".join(table[3:-1]))


if __name__ == "__main__":
    main()
