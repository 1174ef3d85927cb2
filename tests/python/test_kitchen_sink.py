"""gradio_client against the kitchen-sink demo: one endpoint per data model, the types
`view_api()` shows, and the per-input errors for bad values. Server at $FERRIO_URL."""

import os
import struct
import tempfile
import unittest
import zlib

from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError, ValidationError

URL = os.environ.get("FERRIO_URL", "http://127.0.0.1:3100")


def tiny_png():
    """A PNG written by hand (no imaging library needed): 2×1, red then blue."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"\x00" + bytes([255, 0, 0, 0, 0, 255])
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def unfilter_first_row(data, bpp):
    """A PNG's first scanline without its filter (the row above counts as zeros)."""
    kind, raw = data[0], data[1 : 1 + 2 * bpp]
    out = bytearray()
    for i, x in enumerate(raw):
        left = out[i - bpp] if i >= bpp else 0
        # None, Sub, Up, Average, Paeth: with a zero row above, Paeth predicts `left`.
        predicted = [0, left, 0, left // 2, left][kind]
        out.append((x + predicted) % 256)
    return bytes(out)


class KitchenSink(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = Client(URL, verbose=False)

    def test_choices_round_trip(self):
        result = self.client.predict(
            False, ["Green"], "s", "bird", ["go", "python"], "kiwi", api_name="/summarize"
        )
        self.assertEqual(
            result,
            {
                "agree": False,
                "colours": ["Green"],
                "size": "s",
                "pet": "bird",
                "languages": ["go", "python"],
                "fruit": "kiwi",
            },
        )

    def test_nothing_picked_is_none(self):
        result = self.client.predict(True, [], None, None, [], None, api_name="/summarize")
        self.assertIsNone(result["size"])
        self.assertIsNone(result["pet"])

    def test_a_choice_not_offered_is_refused_with_its_input_named(self):
        with self.assertRaises(ValidationError) as cm:
            self.client.predict(True, [], "xl", None, [], None, api_name="/summarize")
        self.assertIn("Size", str(cm.exception))
        self.assertIn("not one of the choices", str(cm.exception))

    def test_max_choices_is_enforced(self):
        with self.assertRaises(ValidationError) as cm:
            self.client.predict(
                True, [], None, None, ["go", "python", "rust"], None, api_name="/summarize"
            )
        self.assertIn("at most 2", str(cm.exception))

    def test_every_bad_input_is_named_at_once(self):
        with self.assertRaises(ValidationError) as cm:
            self.client.predict("yes", ["Pink"], None, None, [], None, api_name="/summarize")
        message = str(cm.exception)
        self.assertIn("2 parameter(s) failed validation", message)
        self.assertIn("- I agree: expected true or false", message)
        self.assertIn('- Colours: "Pink" is not one of the choices', message)

    def test_code_to_number_and_code(self):
        lines, echoed = self.client.predict("a\nb", api_name="/inspect_code")
        self.assertEqual(lines, 2)
        self.assertEqual(echoed, "// 2 lines\na\nb")

    def test_html_is_sanitized_on_the_way_out(self):
        out = self.client.predict('<b>x</b><img src=x onerror="alert(1)">', api_name="/render_html")
        self.assertIn("<b>x</b>", out)
        self.assertNotIn("onerror", out)

    def test_colour_is_normalized_and_bad_colours_refused(self):
        out = self.client.predict("#F00", api_name="/swatch")
        self.assertIn("#ff0000", out)
        with self.assertRaises(ValidationError):
            self.client.predict("red", api_name="/swatch")

    def test_updates_come_back_as_gradio_update_dicts(self):
        update = self.client.predict("long", api_name="/essay_box")
        self.assertEqual(update, {"__type__": "update", "lines": 8, "visible": True})
        # The button's update is left out: a Button is no API value (its config says skip_api).
        memo = self.client.predict(True, api_name="/lock_memo")
        self.assertEqual(
            memo, {"__type__": "update", "interactive": False, "label": "Memo (locked)"}
        )

    def test_new_choices_hold_for_the_clients_session_only(self):
        client = Client(URL, verbose=False)
        update = client.predict("Japan", api_name="/cities_of")
        self.assertEqual(update["__type__"], "update")
        self.assertEqual(update["value"], "Tokyo")
        self.assertEqual(
            update["choices"], [["Tokyo", "Tokyo"], ["Osaka", "Osaka"], ["Kyoto", "Kyoto"]]
        )
        self.assertEqual(update["label"], "City in Japan")
        self.assertEqual(client.predict("Kyoto", api_name="/chosen_city"), "Off to Kyoto!")
        # A session that was never offered Japan's cities can't pick one.
        with self.assertRaises(ValidationError) as cm:
            Client(URL, verbose=False).predict("Kyoto", api_name="/chosen_city")
        self.assertIn("not one of the choices", str(cm.exception))

    def test_a_markdown_output_returns_its_source(self):
        self.assertEqual(
            self.client.predict("# Title", api_name="/preview_markdown"), "# Title"
        )
        self.assertEqual(
            self.client.predict("  ", api_name="/preview_markdown"), "*Nothing to preview.*"
        )

    def test_label_comes_back_as_gradio_label_data(self):
        out = self.client.predict("I love fast apps", api_name="/classify")
        self.assertEqual(out["label"], "positive")
        self.assertEqual([c["label"] for c in out["confidences"]], ["positive", "neutral", "negative"])
        with self.assertRaises(AppError) as cm:
            self.client.predict("  ", api_name="/classify")
        self.assertIn("Type a sentence", str(cm.exception))

    def test_state_is_kept_per_client_session(self):
        # gradio_client fills State inputs itself (from the config) and drops State outputs.
        first, second = Client(URL, verbose=False), Client(URL, verbose=False)
        self.assertEqual(first.predict("a", api_name="/add_note"), "a")
        self.assertEqual(first.predict("b", api_name="/add_note"), "a\nb")
        self.assertEqual(second.predict("c", api_name="/add_note"), "c")
        info = first.view_api(print_info=False, return_format="dict")
        params = info["named_endpoints"]["/add_note"]["parameters"]
        self.assertEqual([p["label"] for p in params], ["Note"])

    def test_chat_reply_in_the_messages_format(self):
        history = [{"role": "user", "content": "earlier"}, {"role": "assistant", "content": "ok"}]
        box, chat = self.client.predict("hello", history, api_name="/respond")
        self.assertEqual(box, "")
        self.assertEqual([m["role"] for m in chat], ["user", "assistant", "user", "assistant"])
        # Gradio 6's typed blocks, though the history went in 5.x's shape.
        self.assertEqual(chat[0]["content"], [{"type": "text", "text": "earlier"}])
        self.assertEqual(chat[-1]["content"], [{"type": "text", "text": "You said: hello"}])
        # 6.x's shape goes back in as it came out.
        box, again = self.client.predict("more", chat, api_name="/respond")
        self.assertEqual(again[:4], chat)
        self.assertEqual(again[-1]["content"][0]["text"], "You said: more")

    def test_a_reply_can_hold_a_component(self):
        history = [{"role": "user", "content": "tea tea cake"}]
        chat = self.client.predict(history, api_name="/word_counts")
        self.assertEqual(chat[1]["content"][0]["text"], "You wrote **3** words; the most used:")
        counted = chat[2]["content"][0]
        self.assertEqual(counted["type"], "component")
        self.assertEqual(counted["component"], "label")
        self.assertEqual(counted["props"]["label"], "Most used words")
        self.assertEqual(counted["value"]["label"], "tea")
        self.assertAlmostEqual(counted["value"]["confidences"][0]["confidence"], 2 / 3)
        # The conversation goes back as it came, component and all.
        again = self.client.predict(chat, api_name="/word_counts")
        self.assertEqual(again[2], chat[2])
        self.assertEqual(len(again), 5)

    def test_chat_reply_streams_through_submit(self):
        job = self.client.submit("one two three", [], api_name="/respond")
        replies = [chat[-1]["content"][0]["text"] for _, chat in job]
        self.assertEqual(replies[0], "")
        self.assertEqual(replies[-1], "You said: one two three")
        self.assertGreaterEqual(len(replies), 4)

    def test_table_in_and_out(self):
        order = {"headers": ["item", "price", "quantity"], "data": [["tea", 2.5, 2], ["cake", 4, 1]]}
        lines, total = self.client.predict(order, api_name="/order_totals")
        self.assertEqual(total, 9)
        self.assertEqual(lines["headers"], ["item", "total"])
        self.assertEqual(lines["data"], [["tea", 5], ["cake", 4]])
        with self.assertRaises(ValidationError) as cm:
            self.client.predict(
                {"headers": ["item", "price", "quantity"], "data": [["tea", "free", 1]]},
                api_name="/order_totals",
            )
        self.assertIn("- Order: row 1, column \"price\"", str(cm.exception))

    def test_files_round_trip(self):
        with tempfile.TemporaryDirectory() as d:
            a, b = os.path.join(d, "a.txt"), os.path.join(d, "b.csv")
            with open(a, "w") as f:
                f.write("aaa")
            with open(b, "w") as f:
                f.write("1,2\n")
            listing, report = self.client.predict(
                [handle_file(a), handle_file(b)], api_name="/describe_files"
            )
        self.assertEqual(listing, "a.txt: 3 bytes\nb.csv: 4 bytes")
        # The returned file was downloaded by the client from /gradio_api/file=.
        self.assertTrue(report.endswith("report.txt"), report)
        with open(report) as f:
            self.assertEqual(f.read(), listing)
        params = self.client.view_api(print_info=False, return_format="dict")[
            "named_endpoints"
        ]["/describe_files"]["parameters"]
        self.assertEqual(params[0]["python_type"]["type"], "list[filepath]")

    def test_download_button_file_round_trip(self):
        # The DownloadButton's file arrives as a path the client downloaded.
        note = self.client.predict("milk, eggs", api_name="/text_file")
        self.assertTrue(note.endswith("note.txt"), note)
        with open(note) as f:
            self.assertEqual(f.read(), "milk, eggs")
        # As an input, the client uploads the file it is given.
        self.assertEqual(
            self.client.predict(handle_file(note), api_name="/downloading"),
            "Downloading note.txt",
        )
        self.assertIsNone(self.client.predict(" ", api_name="/text_file"))

    def test_multimodal_text_and_files(self):
        with tempfile.TemporaryDirectory() as d:
            a = os.path.join(d, "a.txt")
            with open(a, "w") as f:
                f.write("aaa")
            got = self.client.predict({"text": "hi", "files": [handle_file(a)]}, api_name="/sent")
        self.assertEqual(got, "1 file(s) [a.txt], text: hi")
        self.assertEqual(
            self.client.predict({"text": "no files", "files": []}, api_name="/sent"),
            "0 file(s) [], text: no files",
        )

    def test_a_like_endpoint_says_it_needs_a_persons_feedback(self):
        with self.assertRaises(ValidationError) as cm:
            self.client.predict(api_name="/rated_reply")
        self.assertIn("carried no feedback", str(cm.exception))

    def test_the_timers_tick_endpoint_and_event_options(self):
        # A tick listener is an endpoint like any other (the page calls it each interval).
        self.assertEqual(self.client.predict(3, api_name="/tick"), 4)
        # show_progress and trigger_mode change what the page does, not the API.
        self.assertEqual(self.client.predict(api_name="/four_steps_hidden"), "Done")

    def test_a_select_endpoint_says_it_needs_a_persons_selection(self):
        # view_api lists only the inputs: the selection is the page's to send.
        info = self.client.view_api(return_format="dict", print_info=False)
        params = info["named_endpoints"]["/picked_cell"]["parameters"]
        self.assertEqual([p["label"] for p in params], ["Order"])
        with self.assertRaises(ValidationError) as cm:
            self.client.predict(
                {"headers": ["item", "price", "quantity"], "data": [["tea", 2.5, 2]]},
                api_name="/picked_cell",
            )
        self.assertIn("carried no selection", str(cm.exception))

    def test_a_batch_endpoint_takes_and_gives_one_value(self):
        self.assertEqual(
            self.client.predict("hi", api_name="/shout_batch"), "HI (one of 1 in this call)"
        )
        # Jobs submitted together are served by shared calls, each getting its own answer.
        jobs = [self.client.submit(w, api_name="/shout_batch") for w in ["a", "b", "c"]]
        answers = [job.result() for job in jobs]
        self.assertEqual([a.split(" ")[0] for a in answers], ["A", "B", "C"])

    def test_image_round_trip(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "pixels.png")
            with open(path, "wb") as f:
                f.write(tiny_png())
            result = self.client.predict(handle_file(path), api_name="/mirror")
        # The mirrored picture came back as a PNG the client downloaded: blue then red.
        with open(result, "rb") as f:
            data = f.read()
        self.assertTrue(data.startswith(b"\x89PNG"), result)
        self.assertEqual(struct.unpack(">II", data[16:24]), (2, 1))
        idat = data[data.index(b"IDAT") + 4 :]
        row = zlib.decompressobj().decompress(idat)
        self.assertEqual(unfilter_first_row(row, bpp=3), bytes([0, 0, 255, 255, 0, 0]))

    def test_gallery_returns_captioned_downloads(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "pixels.png")
            with open(path, "wb") as f:
                f.write(tiny_png())
            items = self.client.predict(handle_file(path), api_name="/variations")
        self.assertEqual([i["caption"] for i in items], ["Mirrored", "Upside down", "Grey"])
        for item in items:
            # Each picture was downloaded by the client.
            with open(item["image"], "rb") as f:
                self.assertTrue(f.read().startswith(b"\x89PNG"))

    def test_view_api_lists_the_types(self):
        info = self.client.view_api(print_info=False, return_format="dict")
        params = info["named_endpoints"]["/summarize"]["parameters"]
        types = {p["label"]: p["python_type"]["type"] for p in params}
        self.assertEqual(types["I agree"], "bool")
        self.assertEqual(types["Colours"], "List[Literal['Red', 'Green', 'Blue']]")
        self.assertEqual(types["Size"], "Literal['s', 'm', 'l']")
        self.assertEqual(types["Fruit (or type your own)"], "str")
        returns = info["named_endpoints"]["/classify"]["returns"]
        self.assertEqual(returns[0]["component"], "Label")
        # The printed form is what gradio_client derives from api_info itself.
        text = self.client.view_api(print_info=False, return_format="str")
        self.assertIn('api_name="/classify"', text)


if __name__ == "__main__":
    unittest.main()
