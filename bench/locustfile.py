"""Locust users for ``bench/load.py``: signed-in members browsing and sending.

Each simulated member signs in through the real form (in ``on_start``, before the measured
part: the statistics are reset ``BENCH_WARMUP`` seconds after the last member started), then,
with a pause of ``BENCH_THINK_MIN``–``BENCH_THINK_MAX`` seconds between steps, does what
members do most:
searches the directory, opens profiles, reads the inbox and threads, types a message (the
live check fires at pauses in typing) and sends it to a connection. Names in the statistics
are routes, not paths, so the per-page table stays short.

The members are ``bench0`` … ``benchN`` with ``BENCH_PASSWORD``; ``BENCH_PARTNERS`` maps each
to the ids of their connections (JSON), all made by ``bench/load.py``.
"""

from __future__ import annotations

import json
import os
import random
import re
import uuid

import gevent
from locust import FastHttpUser, between, events, task

PASSWORD = os.environ.get("BENCH_PASSWORD", "")
PARTNERS: dict[str, list[int]] = json.loads(os.environ.get("BENCH_PARTNERS", "{}"))
PEOPLE: list[int] = json.loads(os.environ.get("BENCH_PEOPLE", "[]"))
SEARCHES = ["ann", "engineer", "acme", "data", "product manager", "lee", "sales", "school"]
TEXTS = [
    "Thanks for the notes from Tuesday; I added the open questions to the doc.",
    "Could you send me the third-quarter figures when you have a moment? Thanks.",
    "Good to see you at the meetup. The talk on indexing was very useful for our team.",
    "Hi, I help companies like yours grow revenue. Can we book a quick call this week?",
]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LIVE_CHECK = re.compile(r'hx-(get|post)="(/messages/new/\d+/check/)"')
THREAD = re.compile(r'href="(/messages/thread/\d+/)"')
SET_COOKIE = re.compile(r"(?:^|,\s*)(csrftoken|sessionid)=([^;]*)")
_usernames = iter(sorted(PARTNERS))
# Signing in hashes a password on purpose slowly (PBKDF2): the figures start this many seconds
# after the last member has started, when every sign-in is done.
WARMUP = float(os.environ.get("BENCH_WARMUP", "20"))


_run: dict = {}


@events.init.add_listener
def remember_the_environment(environment, **kwargs) -> None:
    _run["environment"] = environment


@events.test_stop.add_listener
def report_sign_ins(environment, **kwargs) -> None:
    """Sign-ins happen before the figures start: ``bench/load.py`` reads their failures here."""
    report = os.environ.get("BENCH_SIGN_IN_REPORT")
    if report:
        with open(report, "w") as handle:
            json.dump({"failed_sign_ins": _run.get("failed_sign_ins", 0)}, handle)


@events.spawning_complete.add_listener
def measure_after_the_warmup(user_count: int, **kwargs) -> None:
    gevent.spawn_later(WARMUP, _run["environment"].stats.reset_all)


class Member(FastHttpUser):
    wait_time = between(
        float(os.environ.get("BENCH_THINK_MIN", "0.5")),
        float(os.environ.get("BENCH_THINK_MAX", "1.5")),
    )

    def on_start(self) -> None:
        self.username = next(_usernames)
        self.partners = PARTNERS[self.username]
        self.threads: list[str] = []
        # The cookies are Secure (production settings) and the bench speaks plain HTTP on
        # loopback, so they are kept here and sent by hand, as a browser behind TLS would.
        self.cookies: dict[str, str] = {}
        form = self.client.get("/accounts/login/", name="sign in (form)")
        self._keep_cookies(form)
        with self.client.post(
            "/accounts/login/",
            data={
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": CSRF.search(form.text).group(1),
            },
            headers=self._cookie_header(),
            name="sign in",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            self._keep_cookies(response)
            if response.status_code != 302 or "sessionid" not in self.cookies:
                _run["failed_sign_ins"] = _run.get("failed_sign_ins", 0) + 1
                response.failure(f"sign-in answered {response.status_code}")

    def _keep_cookies(self, response) -> None:
        headers = response.headers.get("set-cookie") or []
        for header in [headers] if isinstance(headers, str) else headers:
            for name, value in SET_COOKIE.findall(header):
                self.cookies[name] = value

    def _cookie_header(self, **extra: str) -> dict[str, str]:
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        return {"Cookie": cookie, **extra}

    def get(self, path: str, name: str, **headers: str):
        return self.client.get(path, headers=self._cookie_header(**headers), name=name)

    @task(3)
    def search_people(self) -> None:
        self.get("/people/", name="/people/")
        query = random.choice(SEARCHES)
        self.get(
            f"/people/?q={query}",
            name="/people/?q= (htmx)",
            **{"HX-Request": "true", "HX-Target": "people-results"},
        )

    @task(3)
    def open_profile(self) -> None:
        self.get(f"/people/{random.choice(PEOPLE)}/", name="/people/<id>/")

    @task(3)
    def read_inbox(self) -> None:
        page = self.get("/messages/", name="/messages/").text
        self.threads = THREAD.findall(page) or self.threads
        if self.threads:
            self.get(random.choice(self.threads), name="/messages/thread/<id>/")

    @task(1)
    def invitations(self) -> None:
        self.get("/invitations/", name="/invitations/")

    @task(2)
    def write_and_send(self) -> None:
        partner = random.choice(self.partners)
        page = self.get(f"/messages/new/{partner}/", name="/messages/new/<id>/").text
        token = CSRF.search(page)
        text = random.choice(TEXTS)
        found = LIVE_CHECK.search(page)
        if found and token:
            method, path = found.groups()
            for typed in (text[: len(text) // 2], text):  # two pauses in typing
                headers = self._cookie_header(
                    **{"HX-Request": "true", "X-CSRFToken": self.cookies.get("csrftoken", "")}
                )
                if method == "get":
                    self.client.get(path, params={"text": typed}, headers=headers, name="check")
                else:
                    self.client.post(path, data={"text": typed}, headers=headers, name="check")
        with self.client.post(
            f"/messages/new/{partner}/send/",
            data={
                "text": text,
                "client_token": str(uuid.uuid4()),
                "draft_token": str(uuid.uuid4()),
                "send_anyway": "on",
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers=self._cookie_header(),
            name="send",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"send answered {response.status_code}")
