"""GIFT questions become draft questions of a briefing, all or nothing."""

from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models import Question, QuestionStatus
from quiz.services.briefing_import import save_import

GIFT = """\
$CATEGORY: a-briefing/theme 2

// [id:hv-visit]
::Visit::You are a health visitor. A baby has a bruise.\\n\\nWhat should you do now?{
    =Follow the bruising protocol today#It needs a same-day response.
    ~Wait for the next visit#Waiting leaves the baby at risk.
}

::Fact::A bruise on a baby who cannot crawl needs a same-day response.{TRUE}

::Short::Who leads section 47 enquiries? {=children's social care}
"""


def _briefing(make_user):
    trainer = make_user("trainer")
    briefing = save_import("A briefing", "a-briefing", "text", ["One", "Two"], trainer)
    db.session.commit()
    return briefing


def _run(app, tmp_path, text, *args):
    path = tmp_path / "bank.gift"
    path.write_text(text, encoding="utf-8")
    return app.test_cli_runner().invoke(args=["gift", "import", str(path), *args])


def test_storable_questions_become_drafts_and_the_rest_are_named(app, make_user, tmp_path):
    briefing = _briefing(make_user)
    result = _run(app, tmp_path, GIFT, "--briefing", briefing.slug)
    assert result.exit_code == 0, result.output
    assert "Imported 2 questions into a-briefing as drafts" in result.output
    assert "line 11: 'Short' is a short answer question" in result.output
    assert "'Fact' has options without feedback" in result.output
    questions = db.session.scalars(select(Question).order_by(Question.id)).all()
    assert [q.key for q in questions] == ["hv-visit", "fact"]
    assert all(q.status == QuestionStatus.DRAFT and q.theme.position == 2 for q in questions)
    visit = questions[0].current_version
    assert visit.prompt == "What should you do now?"
    assert [o.is_correct for o in visit.options] == [True, False]


def test_a_question_without_a_theme_stops_the_whole_import(app, make_user, tmp_path):
    briefing = _briefing(make_user)
    text = "::Q::You are a GP.\\n\\nWhat next?{=Refer#Yes.~Wait#No.}\n"
    result = _run(app, tmp_path, text, "--briefing", briefing.slug)
    assert result.exit_code == 1
    assert "'Q' has no theme" in result.output and "Nothing was imported" in result.output
    assert db.session.scalar(select(func.count(Question.id))) == 0
    assert _run(app, tmp_path, text, "--briefing", briefing.slug, "--theme", "1").exit_code == 0


def test_a_theme_the_briefing_lacks_stops_the_import(app, make_user, tmp_path):
    briefing = _briefing(make_user)
    result = _run(app, tmp_path, GIFT.replace("theme 2", "theme 9"), "--briefing", briefing.slug)
    assert result.exit_code == 1 and "has themes 1 to 2" in result.output
    assert db.session.scalar(select(func.count(Question.id))) == 0


def test_unknown_briefing(app, tmp_path):
    result = _run(app, tmp_path, GIFT, "--briefing", "nope")
    assert result.exit_code == 1 and "There is no briefing 'nope'" in result.output


def _pick_one(name: str, count: int) -> str:
    answers = "\n".join(
        ("    =" if n == 1 else "    ~") + f"Option {n}#Why {n}." for n in range(1, count + 1)
    )
    return f"::{name}::You are a GP.\\n\\nWhat next?{{\n{answers}\n}}\n"


def test_a_question_with_eight_answers_is_stored_with_all_eight(app, make_user, tmp_path):
    briefing = _briefing(make_user)
    result = _run(app, tmp_path, _pick_one("Eight", 8), "--briefing", briefing.slug, "--theme", "1")
    assert result.exit_code == 0, result.output
    assert "Imported 1 question into a-briefing" in result.output
    version = db.session.scalars(select(Question)).one().current_version
    assert [o.key for o in version.options] == list("abcdefgh")
    assert [o.text for o in version.options] == [f"Option {n}" for n in range(1, 9)]
    assert [o.feedback for o in version.options] == [f"Why {n}." for n in range(1, 9)]
    assert [o.is_correct for o in version.options] == [True] + [False] * 7


def test_a_question_with_nine_answers_is_not_stored_and_its_line_is_named(app, make_user, tmp_path):
    briefing = _briefing(make_user)
    text = _pick_one("Eight", 8) + "\n" + _pick_one("Nine", 9)
    result = _run(app, tmp_path, text, "--briefing", briefing.slug, "--theme", "1")
    assert result.exit_code == 0, result.output
    assert "Imported 1 question into a-briefing" in result.output
    assert (
        "line 12: 'Nine' has 9 answers: a single best answer question has 2 to 8 options; "
        "this one has 9" in result.output
    )
    [question] = db.session.scalars(select(Question)).all()
    assert question.key == "eight" and len(question.current_version.options) == 8
