"""gradio_client against the chat demo (a ChatInterface): `/echo_bot` (named after the
function, as Gradio 6 names it; 5.x's `/chat` still answers) takes a message and gives the
reply; `submit()` sees it grow. Server at $FERRIO_URL."""

import os
import unittest

from gradio_client import Client

URL = os.environ.get("FERRIO_URL", "http://127.0.0.1:3100")


class Chat(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = Client(URL, verbose=False)

    def test_predict_gives_the_whole_reply(self):
        self.assertEqual(
            self.client.predict("hello", api_name="/echo_bot"), "You said: hello (message 1)"
        )

    def test_the_5x_name_chat_still_answers(self):
        self.assertEqual(
            self.client.predict("hello", api_name="/chat"), "You said: hello (message 1)"
        )
        self.assertEqual(
            self.client.predict(message="hi", capitals=True, api_name="/chat"),
            "YOU SAID: HI (MESSAGE 1)",
        )

    def test_submit_streams_the_reply_as_it_grows(self):
        job = self.client.submit(message="streams", api_name="/echo_bot")
        replies = list(job)
        self.assertGreater(len(replies), 1)
        self.assertTrue(all(r.startswith("You") for r in replies), replies)
        self.assertEqual(job.result(), "You said: streams (message 1)")

    def test_view_api_shows_the_endpoint_and_its_old_name(self):
        info = self.client.view_api(return_format="dict", print_info=False)
        self.assertEqual(sorted(info["named_endpoints"]), ["/chat", "/echo_bot"])
        params = info["named_endpoints"]["/echo_bot"]["parameters"]
        self.assertEqual([p["parameter_name"] for p in params], ["message", "capitals"])
        self.assertEqual(params[1]["parameter_has_default"], True)

    def test_an_additional_input_by_position_or_by_name(self):
        self.assertEqual(
            self.client.predict("hi", True, api_name="/echo_bot"), "YOU SAID: HI (MESSAGE 1)"
        )
        self.assertEqual(
            self.client.predict(message="hi", capitals=False, api_name="/echo_bot"),
            "You said: hi (message 1)",
        )


if __name__ == "__main__":
    unittest.main()
