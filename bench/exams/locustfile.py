"""Locust users of the exam-day benchmark. Each simulated candidate takes one credential (a signed-in session and a
CSRF token prepared by run_bench.py); every request goes to one of the servers at random (the load balancer). By
BENCH_MODE:

* ``exam``: starts the sitting (the start wave: locust spawns every candidate within the spawn time), loads the
  paper, saves one answer to each of BENCH_ANSWERS questions at BENCH_THINK seconds apart (± half), reloads the
  paper every BENCH_RELOAD_EVERY answers (what a refresh or a second tab does), then waits for the deadline
  (BENCH_DEADLINE, a UNIX time) and hands the paper in within the last BENCH_HAND_IN_WINDOW seconds before it —
  except one candidate in BENCH_ABANDON_EVERY, who closes the browser instead: the overdue sweep hands them in;
* ``bare``: posts as many JSON bodies to the bare endpoint at the same pace.

Run by locust_driver.py (headless, from the script), never by hand.
"""

from __future__ import annotations

import json
import os
import random
import re
import time

import gevent
from locust import constant, task
from locust.contrib.fasthttp import FastHttpUser
from locust.exception import StopUser

CREDENTIALS = json.loads(open(os.environ["BENCH_CREDENTIALS"], encoding="utf-8").read())
SERVERS = os.environ["BENCH_SERVERS"].split(",")
ANSWERS = int(os.environ.get("BENCH_ANSWERS", "30"))
THINK = float(os.environ.get("BENCH_THINK", "5"))
RELOAD_EVERY = int(os.environ.get("BENCH_RELOAD_EVERY", "10"))
DEADLINE = float(os.environ.get("BENCH_DEADLINE", "0"))
HAND_IN_WINDOW = float(os.environ.get("BENCH_HAND_IN_WINDOW", "20"))
ABANDON_EVERY = int(os.environ.get("BENCH_ABANDON_EVERY", "10"))
MODE = os.environ.get("BENCH_MODE", "exam")
_next = iter(range(len(CREDENTIALS["users"])))
FINISHED = {"users": 0, "answers_sent": 0, "answers_acknowledged": 0, "answers_refused": 0, "handed_in": 0,
            "abandoned": 0, "errors": []}


def answer_for(question: dict):
    kind = question["type"]
    if kind in ("single", "true_false"):
        return [random.randrange(len(question.get("options") or [0, 1]))]
    if kind == "multiple":
        return [0, 1]
    if kind == "ordering":
        return list(range(len(question["options"])))
    if kind == "fill_blank":
        return ["网银"] * question["blank_count"]
    return "操作风险、信用风险"


def think():
    gevent.sleep(THINK * random.uniform(0.5, 1.5))


class Candidate(FastHttpUser):
    wait_time = constant(0)
    host = SERVERS[0]

    def on_start(self):
        self.index = next(_next)
        credential = CREDENTIALS["users"][self.index]
        token = credential["csrf"]
        self.headers = {"Cookie": f"sessionid={credential['session']}; csrftoken={token}", "X-CSRFToken": token,
                        "Referer": SERVERS[0] + "/"}

    def url(self, path):
        return random.choice(SERVERS) + path

    def _post_json(self, path, body, name, **kwargs):
        return self.client.post(self.url(path), data=json.dumps(body), name=name, **kwargs,
                                headers={**self.headers, "Content-Type": "application/json"})

    def take_exam(self):
        sitting = CREDENTIALS["sitting"]
        with self.client.post(self.url(f"/zh-hans/exams/sittings/{sitting}/"),
                              data=f"csrfmiddlewaretoken={self.headers['X-CSRFToken']}",
                              headers={**self.headers, "Content-Type": "application/x-www-form-urlencoded"},
                              name="start", allow_redirects=False, catch_response=True) as response:
            match = re.search(r"/exams/attempts/(\d+)/", response.headers.get("Location", "") or "")
            if response.status_code != 302 or not match:
                response.failure(f"start: {response.status_code} {response.headers.get('Location')}")
                raise StopUser()
            response.success()
        base = f"/zh-hans/exams/api/attempts/{match.group(1)}/"
        paper = self.client.get(self.url(base), headers=self.headers, name="load paper").json()
        for seq, question in enumerate(paper["questions"][:ANSWERS], start=1):
            think()
            FINISHED["answers_sent"] += 1
            with self._post_json(f"{base}answers/{question['position']}/",
                                 {"response": answer_for(question), "seq": seq}, "save",
                                 catch_response=True) as response:
                if response.status_code == 200:
                    FINISHED["answers_acknowledged"] += 1
                    response.success()
                elif response.status_code == 409:  # past the deadline: refused and kept as evidence, not lost
                    FINISHED["answers_refused"] += 1
                    response.success()
                else:
                    response.failure(f"save: {response.status_code}")
            if RELOAD_EVERY and seq % RELOAD_EVERY == 0:
                self.client.get(self.url(base), headers=self.headers, name="reload")
        if ABANDON_EVERY and self.index % ABANDON_EVERY == ABANDON_EVERY - 1:
            FINISHED["abandoned"] += 1  # the browser is closed: the overdue sweep hands this paper in
            return
        hand_in_at = DEADLINE - random.uniform(1, HAND_IN_WINDOW)
        if hand_in_at > time.time():
            gevent.sleep(hand_in_at - time.time())
        with self._post_json(f"{base}submit/", {}, "hand in", catch_response=True) as response:
            if response.status_code in (200, 409):  # 409: the deadline passed while waiting in the queue
                FINISHED["handed_in"] += response.status_code == 200
                response.success()
            else:
                response.failure(f"hand in: {response.status_code}")

    def bare(self):
        for seq in range(1, ANSWERS + 1):
            think()
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
