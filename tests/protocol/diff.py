"""Ferrio's capture of the reference demo against Gradio 6.31's, as `./x protocol-diff` runs it.

usage: python3 tests/protocol/diff.py SHARED_PROTOCOL_DIR FERRIO_CAPTURE_DIR

Scrubs both with the shared `normalize.py` (ids, dates, timings), then compares each response's
headers as a set of lower-cased names and values, leaving out what no client reads (`date`,
`server`, `vary`, `content-length`, `cache-control`, `transfer-encoding`), and prints a unified
diff of what is left. The MCP captures (no MCP server yet) and the 20 s heartbeat capture are
skipped. Exit status 0: no difference.
"""
import difflib
import os
import re
import sys

IGNORED_HEADERS = {"date", "server", "vary", "content-length", "cache-control", "transfer-encoding"}
SKIPPED = re.compile(r"^(mcp_|sse_heartbeat|app\.py$)")
STATUS = re.compile(r"^HTTP/1\.1 \d+")
HEADER = re.compile(r"^([A-Za-z-]+): ?(.*)$")


def headers_as_sets(text):
    """Each header block (after an HTTP status line) sorted, lower-cased, ignored ones out."""
    out, block, in_headers = [], [], False
    for line in text.splitlines():
        if STATUS.match(line):
            out.append(line)
            in_headers, block = True, []
            continue
        if in_headers:
            m = HEADER.match(line)
            if m:
                name = m.group(1).lower()
                if name not in IGNORED_HEADERS:
                    block.append(f"{name}: {m.group(2)}")
                continue
            out.extend(sorted(block))
            in_headers = False
        out.append(line)
    if in_headers:
        out.extend(sorted(block))
    return out


def main():
    shared, ours = sys.argv[1], sys.argv[2]
    sys.path.insert(0, shared)
    from normalize import norm_text  # the shared scrub, as the captures' README describes

    gradio = os.path.join(shared, "gradio-6.31.0")
    different = False
    for name in sorted(set(os.listdir(gradio)) | set(os.listdir(ours))):
        if SKIPPED.match(name) or name.endswith((".png", ".webp", ".html")):
            continue
        texts = []
        for folder in (gradio, ours):
            path = os.path.join(folder, name)
            text = open(path, encoding="utf-8", errors="replace").read() if os.path.exists(path) else ""
            texts.append(headers_as_sets(norm_text(text)))
        diff = list(difflib.unified_diff(texts[0], texts[1], f"gradio/{name}", f"ferrio/{name}", lineterm="", n=1))
        if diff:
            different = True
            print("\n".join(diff))
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main())
