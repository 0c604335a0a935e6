"""Locust users of the exam benchmark. Each simulated candidate takes one credential (a signed-in session
and a CSRF token prepared by run_bench.py) and then, by BENCH_MODE:

* ``exam``: starts the sitting, loads the paper, saves one answer to each of its questions in turn and hands
  the paper in — exactly what the exam page does;
* ``bare``: posts the same number of JSON bodies to the bare endpoint.

It stops after that one pass. Run by locust_driver.py (headless, from the script), never by hand.
"""

from __future__ import annotations

import json
import os
import re

from locust import constant, task
from locust.contrib.fasthttp import FastHttpUser
from locust.exception import StopUser

CREDENTIALS = json.loads(open(os.environ["BENCH_CREDENTIALS"], encoding="utf-8").read())
SAVES = int(os.environ.get("BENCH_SAVES", "100"))
MODE = os.environ.get("BENCH_MODE", "exam")
_next = iter(range(len(CREDENTIALS["users"])))
FINISHED = {"users": 0, "answers_sent": 0, "answers_acknowledged": 0, "errors": []}


def answer_for(question: dict):
    kind = question["type"]
    if kind in ("single", "true_false"):
        return [0]
    if kind == "multiple":
        return [0, 1]
    if kind == "ordering":
        return list(range(len(question["options"])))
    if kind == "fill_blank":
        return ["网银"] * question["blank_count"]
    return "操作风险、信用风险"


class Candidate(FastHttpUser):
    wait_time = constant(0)

    def on_start(self):
        credential = CREDENTIALS["users"][next(_next)]
        token = credential["csrf"]
        self.headers = {"Cookie": f"sessionid={credential['session']}; csrftoken={token}", "X-CSRFToken": token,
                        "Referer": self.host + "/"}

    def _post_json(self, url, body, name):
        return self.client.post(url, data=json.dumps(body), headers={**self.headers,
                                "Content-Type": "application/json"}, name=name)

    def take_exam(self):
        sitting = CREDENTIALS["sitting"]
        with self.client.post(f"/zh-hans/exams/sittings/{sitting}/", data=f"csrfmiddlewaretoken={self.headers['X-CSRFToken']}",
                              headers={**self.headers, "Content-Type": "application/x-www-form-urlencoded"},
                              name="start", allow_redirects=False, catch_response=True) as response:
            match = re.search(r"/exams/attempts/(\d+)/", response.headers.get("Location", "") or "")
            if response.status_code != 302 or not match:
                response.failure(f"start: {response.status_code} {response.headers.get('Location')}")
                raise StopUser()
            response.success()
        attempt = match.group(1)
        base = f"/zh-hans/exams/api/attempts/{attempt}/"
        paper = self.client.get(base, headers=self.headers, name="paper").json()
        for seq, question in enumerate(paper["questions"][:SAVES], start=1):
            FINISHED["answers_sent"] += 1
            response = self._post_json(f"{base}answers/{question['position']}/",
                                       {"response": answer_for(question), "seq": seq}, "save")
            if response.status_code == 200:
                FINISHED["answers_acknowledged"] += 1
        self._post_json(f"{base}submit/", {}, "submit")

    def bare(self):
        for seq in range(1, SAVES + 1):
            self._post_json("/bench/bare/", {"response": [0], "seq": seq}, "bare")

    def on_stop(self):
        FINISHED["users"] += 1

    @task
    def once(self):
        if MODE == "exam":
            self.take_exam()
        else:
            self.bare()
        raise StopUser()
