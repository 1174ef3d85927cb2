"""gradio_client against the multimodal-chat demo (ChatInterface with `.multimodal()`): `/describe`
takes `{"text": ..., "files": [handle_file(...)]}`; the client uploads the files itself.
Server at $FERRIO_URL."""

import os
import struct
import tempfile
import unittest
import zlib

from gradio_client import Client, handle_file
from test_interface import webp_size

URL = os.environ.get("FERRIO_URL", "http://127.0.0.1:3100")


def png(path, width, height):
    """A black RGB PNG of the size (no imaging library needed)."""
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x00" * 3 * width for _ in range(height))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(rows)))
        f.write(chunk(b"IEND", b""))


class MultimodalChat(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = Client(URL, verbose=False)
        cls.dir = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def test_files_are_uploaded_and_described_and_the_picture_comes_back(self):
        picture = os.path.join(self.dir.name, "dot.png")
        png(picture, 5, 2)
        notes = os.path.join(self.dir.name, "notes.txt")
        with open(notes, "w") as f:
            f.write("hello")
        reply = self.client.predict(
            {"text": "what are these?", "files": [handle_file(picture), handle_file(notes)]},
            api_name="/describe",
        )
        # The reply's messages, as the function gave them (Gradio's JSON response).
        self.assertEqual(len(reply), 2, reply)
        self.assertEqual(reply[0]["role"], "assistant")
        self.assertEqual(
            reply[0]["content"][0]["text"],
            "dot.png: a picture, 5×2 pixels\nnotes.txt: text/plain, 5 bytes\n"
            "You said: what are these?\n(files sent before: 0)",
        )
        shown = reply[1]["content"][0]
        self.assertEqual(shown["component"], "image")
        self.assertEqual(shown["props"]["label"], "dot.png mirrored")
        # The client downloaded the mirrored picture: lossless WebP (Gradio's default format),
        # of the same size.
        with open(shown["value"], "rb") as f:
            self.assertEqual(webp_size(f.read()), (5, 2))

    def test_text_alone(self):
        reply = self.client.predict({"text": "hi", "files": []}, api_name="/describe")
        self.assertEqual(
            reply,
            [{"role": "assistant", "metadata": None,
              "content": [{"type": "text", "text": "You said: hi\n(files sent before: 0)"}],
              "options": None}],
        )

    def test_view_api_describes_the_message(self):
        info = self.client.view_api(return_format="dict", print_info=False)
        params = info["named_endpoints"]["/describe"]["parameters"]
        self.assertEqual(params[0]["component"], "MultimodalTextbox")
        self.assertEqual(params[0]["python_type"]["type"], "Dict(text: str, files: List[filepath])")


if __name__ == "__main__":
    unittest.main()
