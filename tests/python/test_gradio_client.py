"""The official Python gradio_client, unchanged, calls a Ferrio app: our external proof that
Ferrio speaks Gradio's protocol (2.x reads it as 6.31's, 1.x as 5.x's). Runs against the server
at $FERRIO_URL (./x starts it)."""

import os
import tempfile
import time
import unittest

import httpx
from gradio_client import Client
from gradio_client.exceptions import ValidationError
from gradio_client.utils import Status
from test_interface import png, webp_size

URL = os.environ.get("FERRIO_URL", "http://127.0.0.1:3100")


class ReferenceDemo(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = Client(URL, verbose=False)

    def test_echo_by_api_name(self):
        self.assertEqual(self.client.predict("hello", api_name="/echo"), "hello")

    def test_echo_by_keyword(self):
        self.assertEqual(self.client.predict(text="by keyword", api_name="/echo"), "by keyword")

    def test_echo_unicode_and_markup(self):
        text = "héllo 👋 </script><b>x</b>"
        self.assertEqual(self.client.predict(text, api_name="/echo"), text)

    def test_the_clients_session_is_its_own(self):
        # The client kept the id /config gave it and sends it with each call: its session is
        # bound to it, so another client that learns the session hash reads nothing.
        self.assertRegex(self.client.cookies.get("ferrio_client", ""), "^[0-9a-f]{32}$")
        self.assertEqual(self.client.predict("bound", api_name="/echo"), "bound")
        for cookies in ({"ferrio_client": "0" * 32}, {}):
            r = httpx.get(f"{URL}/gradio_api/queue/data", cookies=cookies,
                          params={"session_hash": self.client.session_hash})
            self.assertEqual(r.status_code, 403, r.text)
            self.assertIn("another client", r.json()["detail"])

    def test_add(self):
        self.assertEqual(self.client.predict(1.5, 2, api_name="/add"), 3.5)

    def test_submit_job(self):
        job = self.client.submit(a=40, b=2, api_name="/add")
        self.assertEqual(job.result(timeout=10), 42)

    def test_many_calls_in_a_row(self):
        for i in range(20):
            self.assertEqual(self.client.predict(str(i), api_name="/echo"), str(i))

    def test_stream_by_predict_returns_the_final_value(self):
        self.assertEqual(self.client.predict("x", api_name="/stream"), "abcde")

    def test_stream_by_submit_iterates_each_result(self):
        job = self.client.submit("x", api_name="/stream")
        results = list(job)
        self.assertEqual(results, ["a", "ab", "abc", "abcd", "abcde"])
        self.assertEqual(job.outputs(), ["a", "ab", "abc", "abcd", "abcde"])

    def test_slow_reports_progress_and_finishes(self):
        job = self.client.submit("y", api_name="/slow")
        self.assertEqual(job.result(timeout=30), "y")
        self.assertTrue(job.done())

    def test_two_slow_calls_run_side_by_side(self):
        # Two clients at once (slow runs two at a time): both get their own result.
        jobs = [Client(URL, verbose=False).submit(str(i), api_name="/slow") for i in range(2)]
        self.assertEqual([j.result(timeout=30) for j in jobs], ["0", "1"])

    def test_job_cancel(self):
        job = self.client.submit("never", api_name="/slow")
        time.sleep(0.3)
        self.assertTrue(job.cancel())
        deadline = time.time() + 5
        while job.status().code != Status.CANCELLED and time.time() < deadline:
            time.sleep(0.05)
        self.assertEqual(job.status().code, Status.CANCELLED)
        # The client and the server carry on.
        self.assertEqual(self.client.predict("after", api_name="/echo"), "after")

    def test_view_api(self):
        api = self.client.view_api(return_format="dict", print_info=False)
        named = api["named_endpoints"]
        self.assertEqual(
            set(named), {"/echo", "/add", "/stream", "/slow", "/filesize", "/flip"}
        )
        filesize = named["/filesize"]["parameters"][0]
        self.assertEqual(filesize["python_type"]["type"], "filepath")
        self.assertEqual(filesize["component"], "File")
        echo = named["/echo"]
        self.assertEqual([p["parameter_name"] for p in echo["parameters"]], ["text"])
        self.assertEqual(echo["parameters"][0]["python_type"]["type"], "str")
        self.assertEqual(echo["returns"][0]["label"], "Out")
        add = named["/add"]
        self.assertEqual([p["parameter_name"] for p in add["parameters"]], ["a", "b"])
        self.assertEqual([p["python_type"]["type"] for p in add["parameters"]], ["float", "float"])
        self.assertEqual(add["returns"][0]["component"], "Number")

    def test_filesize_uploads_with_handle_file(self):
        from gradio_client import handle_file

        with tempfile.NamedTemporaryFile("wb", suffix=".txt", delete=False) as f:
            f.write(b"hello file\n")
        try:
            self.assertEqual(self.client.predict(handle_file(f.name), api_name="/filesize"), 11)
        finally:
            os.unlink(f.name)

    def test_flip_returns_a_picture_file(self):
        from gradio_client import handle_file

        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "strip.png")
            with open(path, "wb") as f:
                f.write(png(4, 2, lambda x, y: (255, 0, 0) if x < 2 else (0, 0, 255)))
            out = self.client.predict(handle_file(path), api_name="/flip")
        # The client downloads the returned picture: lossless WebP, Gradio's default format.
        with open(out, "rb") as f:
            self.assertEqual(webp_size(f.read()), (4, 2))

    def test_a_server_path_is_not_a_file_the_caller_may_name(self):
        # gradio_client uploads whatever file it is given, so a raw call names the server path:
        # refused before the function runs, and /file= won't serve it either.
        r = httpx.post(
            URL + "/gradio_api/call/filesize",
            json={"data": [{"path": "/etc/passwd", "meta": {"_type": "gradio.FileData"}}]},
        )
        self.assertEqual(r.status_code, 422)
        self.assertIn("File not allowed", r.json()["detail"][0]["message"])
        r = httpx.get(URL + "/gradio_api/file=/etc/passwd")
        self.assertEqual(r.status_code, 403)
        self.assertEqual(r.json(), {"detail": "File not allowed: /etc/passwd."})

    def test_a_url_to_a_private_address_is_refused_unrequested(self):
        # handle_file(url) sends the URL for the server to fetch: only public addresses are,
        # so a caller can't make the server read its own network. Nothing is even requested.
        import http.server
        import threading

        from gradio_client import handle_file

        hits = []

        class Counting(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                hits.append(self.path)
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"secret")

            def log_message(self, *args):
                pass

        local = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Counting)
        threading.Thread(target=local.serve_forever, daemon=True).start()
        try:
            for url in [
                f"http://127.0.0.1:{local.server_port}/secret.txt",
                f"http://localhost:{local.server_port}/secret.txt",
                "http://169.254.169.254/latest/meta-data/iam.txt",
            ]:
                with self.assertRaises(ValidationError) as caught:
                    self.client.predict(handle_file(url), api_name="/filesize")
                self.assertIn("- file: could not fetch the URL", str(caught.exception))
                self.assertIn("is not a public address", str(caught.exception))
            self.assertEqual(hits, [])
        finally:
            local.shutdown()

    def test_view_api_prints_usage(self):
        text = self.client.view_api(print_info=False, return_format="str")
        self.assertIn('api_name="/echo"', text)
        self.assertIn('api_name="/add"', text)

    def test_a_wrong_type_is_refused_clearly(self):
        # The join is answered with Gradio's 422 validation list; the client names the input.
        with self.assertRaises(ValidationError) as caught:
            self.client.predict("not a number", 2, api_name="/add")
        self.assertIn('- a: expected a number, got "not a number"', str(caught.exception))

    def test_unknown_endpoint(self):
        with self.assertRaises(ValueError):
            self.client.predict("x", api_name="/nope")


class RestApi(unittest.TestCase):
    def test_two_step_call(self):
        r = httpx.post(f"{URL}/gradio_api/call/echo", json={"data": ["rest"]})
        self.assertEqual(r.status_code, 200)
        event_id = r.json()["event_id"]
        r = httpx.get(f"{URL}/gradio_api/call/echo/{event_id}")
        self.assertEqual(r.text, 'event: complete\ndata: ["rest"]\n\n')

    def test_bad_json_is_a_clear_400(self):
        r = httpx.post(f"{URL}/gradio_api/queue/join", content=b"{nope")
        self.assertEqual(r.status_code, 400)
        self.assertIn("JSON", r.json()["detail"])


if __name__ == "__main__":
    unittest.main()
