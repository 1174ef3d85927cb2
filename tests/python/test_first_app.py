"""gradio_client against the README's first app, run from its release binary alone."""

import os
import unittest

from gradio_client import Client

URL = os.environ.get("FERRIO_URL", "http://127.0.0.1:3100")


class FirstApp(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = Client(URL, verbose=False)

    def test_predict(self):
        self.assertEqual(self.client.predict("Ferris", api_name="/greet"), "Hello, Ferris!")

    def test_the_5x_name_predict_still_answers(self):
        self.assertEqual(self.client.predict("Ferris", api_name="/predict"), "Hello, Ferris!")

    def test_submit_and_result(self):
        job = self.client.submit(name="Ada", api_name="/greet")
        self.assertEqual(job.result(), "Hello, Ada!")

    def test_view_api_names_the_endpoint_after_the_function(self):
        info = self.client.view_api(print_info=False, return_format="dict")
        params = info["named_endpoints"]["/greet"]["parameters"]
        self.assertEqual([p["parameter_name"] for p in params], ["name"])


if __name__ == "__main__":
    unittest.main()
