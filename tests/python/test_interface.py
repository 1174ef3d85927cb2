"""gradio_client against the interface demo (an Interface: a colour classifier): `/classify`
(named after the function, as Gradio 6 names it; 5.x's `/predict` still answers) takes a
picture and gives the Label's classes; Clear and Flag are no endpoints. Server at $FERRIO_URL."""

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


def webp_size(data):
    """The (width, height) of a lossless WebP file (its VP8L header); fails on anything else."""
    assert data[:4] == b"RIFF" and data[8:16] == b"WEBPVP8L", data[:16]
    bits = int.from_bytes(data[21:25], "little")
    return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1


class Classifier(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = Client(URL, verbose=False)

    def classify(self, api_name):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "sky.png")
            with open(path, "wb") as f:
                # The top half blue, the bottom half green.
                f.write(png(32, 32, lambda x, y: (40, 80, 230) if y < 16 else (40, 190, 60)))
            return self.client.predict(handle_file(path), api_name=api_name)

    def test_classify_names_the_main_colours(self):
        result = self.classify("/classify")
        self.assertIn(result["label"], ("blue", "green"))
        shares = {c["label"]: c["confidence"] for c in result["confidences"]}
        self.assertAlmostEqual(shares["blue"], 0.5, delta=0.05)
        self.assertAlmostEqual(shares["green"], 0.5, delta=0.05)

    def test_the_5x_name_predict_still_answers(self):
        self.assertEqual(self.classify("/predict"), self.classify("/classify"))

    def test_view_api_shows_the_endpoint_and_its_old_name(self):
        info = self.client.view_api(return_format="dict", print_info=False)
        self.assertEqual(sorted(info["named_endpoints"]), ["/classify", "/predict"])
        classify = info["named_endpoints"]["/classify"]
        self.assertEqual(classify["parameters"][0]["component"], "Image")
        self.assertEqual(classify["returns"][0]["component"], "Label")


if __name__ == "__main__":
    unittest.main()
