"""Drafts from a language model, tried against a small OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from quiz.briefings import parse_briefing_file
from quiz.extensions import db
from quiz.library import load_library
from quiz.library.model_drafts import ModelDrafter, ModelSettings, drafter_from_config
from quiz.models import Briefing
from quiz.question import problems
from tests.app.test_import_briefing import LINES, _review_form, _save
from tests.seed import SEED_BRIEFING

GOOD_QUESTION = {
    "kind": "single",
    "role": "Nursery practitioner",
    "scenario": (
        "You are a nursery practitioner. A three-year-old arrives with a bruise on her cheek. "
        "Her mother says she fell at home, and a man you have not met collects her."
    ),
    "prompt": "What should you do first?",
    "options": [
        {
            "id": "a",
            "text": "Record what you saw and tell your safeguarding lead today.",
            "correct": True,
            "feedback": "Bruising and an unknown adult need the lead's view now.",
        },
        {
            "id": "b",
            "text": "Accept the mother's account and note it in the daily diary.",
            "correct": False,
            "feedback": "An account is a reason for curiosity, not reassurance.",
        },
        {
            "id": "c",
            "text": "Ask the man at collection who he is and how she was hurt.",
            "correct": False,
            "feedback": "Questioning adults yourself can put the child at risk.",
        },
        {
            "id": "d",
            "text": "Wait to see whether more bruises appear over the next week.",
            "correct": False,
            "feedback": "Waiting is the mistake reviews find most often.",
        },
    ],
}
NOT_A_QUESTION = {
    "kind": "single",
    "role": "Nurse",
    "scenario": "x",
    "prompt": "y",
    "options": [{"id": "a", "text": "Only one", "correct": False}],
}


class FakeModel(BaseHTTPRequestHandler):
    mode = "good"
    requests: list[dict] = []

    def do_POST(self):  # noqa: N802 - the standard library's name
        length = int(self.headers["Content-Length"])
        FakeModel.requests.append(
            {"body": json.loads(self.rfile.read(length)), "auth": self.headers.get("Authorization")}
        )
        mode = FakeModel.mode
        if mode == "slow":
            time.sleep(2)
        message: dict = {"role": "assistant"}
        if mode in ("good", "slow"):
            message["content"] = (
                "```json\n" + json.dumps({"questions": [GOOD_QUESTION, NOT_A_QUESTION]}) + "\n```"
            )
        elif mode == "malformed":
            message["content"] = '{"questions": [{"kind": "single", "role": '
        elif mode == "refusing":
            message["content"] = None
            message["refusal"] = "I can't help with that."
        body = json.dumps({"choices": [{"message": message, "finish_reason": "stop"}]}).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up waiting

    def log_message(self, *args):
        pass


@pytest.fixture
def model_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeModel)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeModel.mode, FakeModel.requests = "good", []
    yield f"http://127.0.0.1:{server.server_address[1]}/v1/chat/completions"
    server.shutdown()
    server.server_close()


def _draft(url: str, mode: str, timeout: float = 5):
    FakeModel.mode = mode
    drafter = ModelDrafter(ModelSettings(url=url, model="test-model", key="k", timeout=timeout))
    briefing = parse_briefing_file(SEED_BRIEFING)
    theme = briefing.learning_themes[2]
    return drafter.draft(briefing, theme, ["physical-abuse-injuries"], load_library())


def test_a_good_answer_becomes_drafts_labelled_as_the_models(model_url):
    drafts = _draft(model_url, "good")
    assert len(drafts) == 1  # the second question in the answer breaks the rules: dropped
    assert drafts[0].source == "model" and drafts[0].to_json()["source"] == "model"
    assert problems(drafts[0].question) == []
    sent = FakeModel.requests[0]
    assert sent["auth"] == "Bearer k" and sent["body"]["model"] == "test-model"
    system, user = sent["body"]["messages"]
    assert "Cues a test-wise reader uses" in system["content"]  # the rules for questions
    assert "Lack of appropriate response to physical abuse" in user["content"]
    assert '"options"' in user["content"]  # a library seed as an example of the shape
    assert "Key Learning Themes" not in user["content"]


@pytest.mark.parametrize("mode", ["malformed", "refusing"])
def test_malformed_or_refused_answers_give_no_drafts(model_url, mode, caplog):
    assert _draft(model_url, mode) == []
    assert "model drafts" in caplog.text


def test_a_slow_model_is_given_up_on(model_url, caplog):
    started = time.monotonic()
    assert _draft(model_url, "slow", timeout=0.5) == []
    assert time.monotonic() - started < 1.8
    assert "no answer within" in caplog.text


def test_nothing_is_sent_unless_a_model_is_configured():
    assert drafter_from_config({"DRAFTS_LLM_URL": "", "DRAFTS_LLM_MODEL": ""}) is None
    assert drafter_from_config({"DRAFTS_LLM_URL": "http://x", "DRAFTS_LLM_MODEL": ""}) is None
    assert (
        drafter_from_config({"DRAFTS_LLM_URL": "file:///etc/passwd", "DRAFTS_LLM_MODEL": "m"})
        is None
    )


def test_an_import_keeps_the_librarys_drafts_and_adds_the_models(app, login_as, model_url):
    trainer, _ = login_as("trainer")
    app.config |= {"DRAFTS_LLM_URL": model_url, "DRAFTS_LLM_MODEL": "test-model"}
    fields = _review_form(
        trainer.submit("/authoring/briefings/import", {"pasted": "\n".join(LINES)})
    )
    _save(trainer, fields)
    briefing = db.session.scalar(select(Briefing))
    sources = [q.draft_source for t in briefing.themes for q in t.questions]
    assert "library" in sources and sources.count("model") == len(briefing.themes)
    page = trainer.page(f"/authoring/briefings/{briefing.slug}").get_text(" ", strip=True)
    assert "drafted by the language model" in page


def test_an_import_with_a_refusing_model_keeps_the_librarys_drafts(app, login_as, model_url):
    trainer, _ = login_as("trainer")
    app.config |= {"DRAFTS_LLM_URL": model_url, "DRAFTS_LLM_MODEL": "test-model"}
    FakeModel.mode = "refusing"
    fields = _review_form(
        trainer.submit("/authoring/briefings/import", {"pasted": "\n".join(LINES)})
    )
    assert _save(trainer, fields).status_code == 302
    briefing = db.session.scalar(select(Briefing))
    sources = {q.draft_source for t in briefing.themes for q in t.questions}
    assert sources == {"library"}
