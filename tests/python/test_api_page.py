"""The API page's snippets, run as a reader would copy them: every endpoint's Python,
JavaScript and curl call against the reference demo (the Rust calls run in
`examples/api-snippets`). Server at $FERRIO_URL."""

import html.parser
import os
import subprocess
import sys
import tempfile
import unittest
import urllib.request

from test_interface import png

URL = os.environ.get("FERRIO_URL", "http://127.0.0.1:3100")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# The file the snippets of a file parameter upload, and its size in bytes.
SAMPLE = ("sample_file.pdf", 1234)
# What each reference endpoint gives for the snippets' example values (`/flip`: the picture it
# returns, a file).
EXPECTED = {
    "/echo": "Hello!!",
    "/add": "6",
    "/stream": "abcde",
    "/slow": "Hello!!",
    "/filesize": str(SAMPLE[1]),
    "/flip": "image.webp",
}


class Snippets(html.parser.HTMLParser):
    """Collects {(endpoint, language): code} from the page's <figure> elements."""

    def __init__(self):
        super().__init__()
        self.snippets = {}
        self._key = None
        self._in_code = False
        self._code = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "figure" and "data-endpoint" in attrs:
            self._key = (attrs["data-endpoint"], attrs["data-lang"])
        elif tag == "code" and self._key:
            self._in_code, self._code = True, []

    def handle_endtag(self, tag):
        if tag == "code" and self._in_code:
            self.snippets[self._key] = "".join(self._code)
            self._in_code, self._key = False, None

    def handle_data(self, data):
        if self._in_code:
            self._code.append(data)


def page_snippets():
    with urllib.request.urlopen(URL + "/?view=api") as r:
        parser = Snippets()
        parser.feed(r.read().decode())
    return parser.snippets


class ApiPage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.snippets = page_snippets()

    def run_snippet(self, language, code, suffix, command, cwd):
        path = os.path.join(cwd, "snippet" + suffix)
        with open(path, "w") as f:
            f.write(code)
        with open(os.path.join(cwd, SAMPLE[0]), "wb") as f:
            f.write(b"%" * SAMPLE[1])
        # `/flip`'s example picture.
        with open(os.path.join(cwd, "bus.png"), "wb") as f:
            f.write(png(4, 2, lambda x, y: (255, 0, 0) if x < 2 else (0, 0, 255)))
        done = subprocess.run(
            command + [path], cwd=cwd, capture_output=True, text=True, timeout=60
        )
        self.assertEqual(done.returncode, 0, f"{language}:\n{code}\n{done.stderr}")
        return done.stdout

    def test_every_endpoint_has_a_snippet_per_language(self):
        endpoints = {e for e, _ in self.snippets}
        self.assertEqual(endpoints, set(EXPECTED))
        for endpoint in EXPECTED:
            for language in ("python", "javascript", "bash", "rust"):
                self.assertIn((endpoint, language), self.snippets)

    def test_python_snippets_run(self):
        for endpoint, expected in EXPECTED.items():
            with self.subTest(endpoint), tempfile.TemporaryDirectory() as d:
                out = self.run_snippet(
                    "python", self.snippets[(endpoint, "python")], ".py", [sys.executable], d
                )
                self.assertIn(expected, out)

    def test_javascript_snippets_run(self):
        # Inside end2end/, where node finds @gradio/client.
        base = os.path.join(ROOT, "end2end")
        for endpoint, expected in EXPECTED.items():
            with self.subTest(endpoint), tempfile.TemporaryDirectory(dir=base) as d:
                out = self.run_snippet(
                    "javascript", self.snippets[(endpoint, "javascript")], ".mjs", ["node"], d
                )
                self.assertIn(expected, out)

    def test_curl_snippets_run(self):
        for endpoint, expected in EXPECTED.items():
            with self.subTest(endpoint), tempfile.TemporaryDirectory() as d:
                out = self.run_snippet("bash", self.snippets[(endpoint, "bash")], ".sh", ["bash"], d)
                self.assertIn("event: complete", out)
                self.assertNotIn("event: error", out)
                self.assertIn(expected, out.split("event: complete")[-1])


if __name__ == "__main__":
    unittest.main()
