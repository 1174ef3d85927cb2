"""gradio_client against the chat demo (a ChatInterface): `/chat` takes a message and gives
the reply; `submit()` sees it grow. Server at $FERRIO_URL."""

import os
import unittest

from gradio_client import Client

URL = os.environ.get("FERRIO_URL", "http://127.0.0.1:3100")


class Chat(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = Client(URL, verbose=False)

    def test_predict_on_chat_gives_the_whole_reply(self):
        self.assertEqual(
            self.client.predict("hello", api_name="/chat"), "You said: hello (message 1)"
        )

    def test_submit_streams_the_reply_as_it_grows(self):
        job = self.client.submit(message="streams", api_name="/chat")
        replies = list(job)
        self.assertGreater(len(replies), 1)
        self.assertTrue(all(r.startswith("You") for r in replies), replies)
        self.assertEqual(job.result(), "You said: streams (message 1)")

    def test_view_api_shows_one_endpoint(self):
        info = self.client.view_api(return_format="dict", print_info=False)
        self.assertEqual(list(info["named_endpoints"]), ["/chat"])
        params = info["named_endpoints"]["/chat"]["parameters"]
        self.assertEqual([p["parameter_name"] for p in params], ["message", "capitals"])
        self.assertEqual(params[1]["parameter_has_default"], True)

    def test_an_additional_input_by_position_or_by_name(self):
        self.assertEqual(
            self.client.predict("hi", True, api_name="/chat"), "YOU SAID: HI (MESSAGE 1)"
        )
        self.assertEqual(
            self.client.predict(message="hi", capitals=False, api_name="/chat"),
            "You said: hi (message 1)",
        )


if __name__ == "__main__":
    unittest.main()
