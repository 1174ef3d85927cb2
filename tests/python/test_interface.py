"""gradio_client against the interface demo (an Interface: a colour classifier): `/predict`
takes a picture and gives the Label's classes; Clear and Flag are no endpoints. Server at
$FERRIO_URL."""

import os
import struct
import tempfile
import unittest
import zlib

from gradio_client import Client, handle_file

URL = os.environ.get("FERRIO_URL", "http://127.0.0.1:3100")


def png(width, height, pixel):
    """A PNG file of `pixel(x, y) -> (r, g, b)`, written with the standard library only."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(
        b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(width)) for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


class Classifier(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = Client(URL, verbose=False)

    def test_predict_names_the_main_colours(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "sky.png")
            with open(path, "wb") as f:
                # The top half blue, the bottom half green.
                f.write(png(32, 32, lambda x, y: (40, 80, 230) if y < 16 else (40, 190, 60)))
            result = self.client.predict(handle_file(path), api_name="/predict")
        self.assertIn(result["label"], ("blue", "green"))
        shares = {c["label"]: c["confidence"] for c in result["confidences"]}
        self.assertAlmostEqual(shares["blue"], 0.5, delta=0.05)
        self.assertAlmostEqual(shares["green"], 0.5, delta=0.05)

    def test_view_api_shows_predict_only(self):
        info = self.client.view_api(return_format="dict", print_info=False)
        self.assertEqual(list(info["named_endpoints"]), ["/predict"])
        predict = info["named_endpoints"]["/predict"]
        self.assertEqual(predict["parameters"][0]["component"], "Image")
        self.assertEqual(predict["returns"][0]["component"], "Label")


if __name__ == "__main__":
    unittest.main()
