"""Reading Moodle GIFT as Moodle's qformat_gift does: kinds, escapes, formats, problems, lines.

The expected values follow Moodle's documented GIFT format and the behaviour of its importer
(question/format/gift/format.php and the checks its import makes afterwards).
"""

from __future__ import annotations

import random
import textwrap

import pytest

from quiz.gift.convert import to_storable, unstorable_report
from quiz.gift.model import (
    FORMAT_HTML,
    FORMAT_MARKDOWN,
    FORMAT_MOODLE,
    FORMAT_PLAIN,
    GiftQuestion,
)
from quiz.gift.php import to_string
from quiz.gift.reader import ZERO_LINE, extract_idnumber_and_tags, parse_gift
from quiz.question import MAX_OPTIONS, OPTION_LETTERS, OptionContent, QuestionKind


def parse(text: str):
    return parse_gift(textwrap.dedent(text).lstrip("\n"))


def one(text: str) -> GiftQuestion:
    result = parse(text)
    assert result.problems == [], result.problems
    assert len(result.questions) == 1, result.questions
    return result.questions[0]


def problems(text: str) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in parse(text).problems]


def fractions(question: GiftQuestion) -> list[float]:
    return [a.fraction for a in question.answers]


# -- multiple choice ------------------------------------------------------------------------


def test_single_best_answer_with_feedback_and_formats():
    q = one("""
        // multiple choice with specified feedback for right and wrong answers
        ::Q2:: What's between orange and green in the spectrum?
        {
            =yellow # right; good!
            ~red # [html]wrong, it's yellow
            ~[plain]blue # wrong, it's yellow
        }
    """)
    data = q.to_moodle()
    assert data["qtype"] == "multichoice" and data["single"] == 1 and q.kind == "single"
    assert data["name"] == "Q2"
    assert data["questiontext"] == "What's between orange and green in the spectrum?"
    assert data["questiontextformat"] == FORMAT_MOODLE
    assert data["answers"] == [
        {
            "text": "yellow",
            "format": 0,
            "fraction": 1.0,
            "feedback": {"text": "right; good!", "format": 0},
        },
        {
            "text": "red",
            "format": 0,
            "fraction": 0.0,
            "feedback": {"text": "wrong, it's yellow", "format": FORMAT_HTML},
        },
        {
            "text": "blue",
            "format": FORMAT_PLAIN,
            "fraction": 0.0,
            "feedback": {"text": "wrong, it's yellow", "format": 0},
        },
    ]


def test_answers_on_one_line():
    q = one("Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}")
    assert [a.text for a in q.answers] == ["Grant", "Jefferson", "no one"]
    assert fractions(q) == [0.0, 0.0, 1.0]
    assert q.questiontext == "Who's buried in Grant's tomb?"


def test_multiple_response_weights():
    q = one("""
        ::colours:: What's between orange and green in the spectrum?
        {
            ~%50%yellow # right; good!
            ~%-100%red # [html]wrong
            ~%50%off-beige # right; good!
            ~%-100%[plain]blue # wrong
        }
    """)
    assert q.to_moodle()["single"] == 0 and q.kind == "multiple"
    assert fractions(q) == [0.5, -1.0, 0.5, -1.0]
    assert [a.text for a in q.answers] == ["yellow", "red", "off-beige", "blue"]
    assert [a.feedback.format for a in q.answers] == [0, FORMAT_HTML, 0, 0]


def test_multiple_response_with_one_answer_at_100_and_penalties():
    q = one("::c:: Pick {~%100%yellow # right ~%-50%red # wrong ~%-50%blue # wrong}")
    assert q.single is False
    assert fractions(q) == [1.0, -0.5, -0.5]


def test_three_right_answers_at_33_33333_add_up_to_100():
    q = one("Pick {~%33.33333%a ~%33.33333%b ~%33.33333%c ~%-100%d}")
    assert fractions(q) == [0.3333333, 0.3333333, 0.3333333, -1.0]


def test_a_weight_close_to_a_moodle_grade_is_snapped_to_it():
    q = one("Pick {~%33.333%a ~%33.333%b ~%33.333%c}")
    assert fractions(q) == [0.3333333] * 3


@pytest.mark.parametrize("weight", ["33.3", "150", "45", "--50"])
def test_a_weight_moodle_does_not_accept_is_a_problem(weight):
    found = problems(f"Pick {{~%{weight}%a ~%50%b ~%50%c}}")
    assert len(found) == 1
    line, message = found[0]
    assert line == 1 and f"%{weight}%" in message and "does not accept" in message


def test_weights_that_do_not_add_up_to_100_are_a_problem():
    [(line, message)] = problems("""
        ::sum:: Pick
        {
            ~%50%a
            ~%25%b
            ~c
        }
    """)
    assert line == 1 and "'sum'" in message and "add up to 75%" in message


def test_multichoice_without_a_right_answer_is_a_problem():
    result = parse("""
        Good question {=a ~b}

        ::none:: Which one?
        {
            ~a
            ~b
        }
    """)
    assert [q.questiontext for q in result.questions] == ["Good question"]
    [problem] = result.problems
    assert problem.line == 3 and "'none' has no right answer" in problem.message


def test_multichoice_needs_two_answers():
    [(line, message)] = problems("One answer only {~a}")
    assert line == 1 and "at least two answers" in message


def test_an_empty_answer_is_a_problem():
    [(line, message)] = problems("Pick {=a ~ ~b}")
    assert "empty answer" in message


def test_equals_sign_in_multichoice_means_100_percent_even_with_a_weight():
    # Moodle reads "=" first: the weight stays in the text.
    q = one("Pick {=%50%a ~b}")
    assert fractions(q) == [1.0, 0.0]
    assert q.answers[0].text == "%50%a"


def test_general_feedback_after_four_hashes():
    q = one("""
        Pick one {
            =a#yes
            ~b#no
            ####[html]<p>Because.</p>
        }
    """)
    assert q.generalfeedback == "<p>Because.</p>"
    assert q.generalfeedbackformat == FORMAT_HTML
    assert [a.feedback.text for a in q.answers] == ["yes", "no"]


def test_general_feedback_defaults_to_the_question_text_format():
    q = one("[markdown]Pick one {=a ~b ####See *this*}")
    assert (q.generalfeedback, q.generalfeedbackformat) == ("See *this*", FORMAT_MARKDOWN)


# -- true / false ---------------------------------------------------------------------------


@pytest.mark.parametrize(("written", "correct"), [("T", 1), ("TRUE", 1), ("F", 0), ("FALSE", 0)])
def test_true_false_answers(written, correct):
    q = one(f"::tf::The sun rises in the east.{{{written}}}")
    data = q.to_moodle()
    assert data["qtype"] == "truefalse" and q.kind == "true_false"
    assert data["correctanswer"] == correct
    assert data["feedbacktrue"] == {"text": "", "format": 0}
    assert data["feedbackfalse"] == {"text": "", "format": 0}


def test_true_false_feedback_is_wrong_answer_first_when_false():
    q = one("""
        // true/false
        ::Q1:: 42 is the Absolute Answer to everything.{
        FALSE#42 is the Ultimate Answer.#You gave the right answer.}
    """)
    data = q.to_moodle()
    assert data["correctanswer"] == 0
    assert data["feedbacktrue"]["text"] == "42 is the Ultimate Answer."
    assert data["feedbackfalse"]["text"] == "You gave the right answer."


def test_true_false_feedback_is_wrong_answer_first_when_true():
    q = one("::Q:: Water is wet.{TRUE#You chose false: wrong.#You chose true: right.}")
    assert q.correctanswer is True
    assert q.feedbacktrue.text == "You chose true: right."
    assert q.feedbackfalse.text == "You chose false: wrong."


def test_true_false_with_only_right_feedback_and_general_feedback():
    q = one("Water is wet.{T##Well done.####Water is wet.}")
    assert q.feedbacktrue.text == "Well done." and q.feedbackfalse.text == ""
    assert q.generalfeedback == "Water is wet."


def test_true_false_is_case_sensitive_as_in_moodle():
    q = one("Water is wet.{true}")
    assert q.qtype == "shortanswer" and q.answers[0].text == "true"


# -- essay, description ---------------------------------------------------------------------


def test_essay():
    q = one("""
        // essay
        ::Q8:: How are you? {}
    """)
    assert (q.qtype, q.kind, q.name, q.questiontext) == ("essay", "essay", "Q8", "How are you?")


def test_essay_with_general_feedback():
    q = one("Tell us more. {####Thanks}")
    assert q.qtype == "essay" and q.generalfeedback == "Thanks"


def test_description_has_no_braces():
    q = one("::Intro:: Read the case study below. It has \\{no\\} answers.")
    assert q.qtype == "description" and q.kind == "description"
    assert q.questiontext == "Read the case study below. It has {no} answers."


# -- short answer, numerical, matching, missing word ----------------------------------------


def test_short_answer_with_weights_feedback_and_general_feedback():
    q = one("""
        // question: 666  name: Shortanswer
        ::Shortanswer::Which is the best animal?{
            =Frog#Good!
            =%50%Cat#What is it with Moodlers and cats?
            =%0%*#Completely wrong
            ####[html]Here is some general feedback!
        }
    """)
    data = q.to_moodle()
    assert data["qtype"] == "shortanswer" and q.kind == "short_answer"
    assert [a["text"] for a in data["answers"]] == ["Frog", "Cat", "*"]
    assert [a["fraction"] for a in data["answers"]] == [1.0, 0.5, 0.0]
    assert data["answers"][1]["feedback"]["text"] == "What is it with Moodlers and cats?"
    assert (data["generalfeedback"], data["generalfeedbackformat"]) == (
        "Here is some general feedback!",
        FORMAT_HTML,
    )


def test_short_answer_alternatives():
    q = one("Who's buried in Grant's tomb?{=no one =nobody}")
    assert [a.text for a in q.answers] == ["no one", "nobody"]
    assert fractions(q) == [1.0, 1.0]


def test_numerical_with_tolerance_and_wrong_answer_feedback():
    q = one("""
        // math range question
        ::Q5:: What is a number from 1 to 5? {#3:2~#Completely wrong}
    """)
    data = q.to_moodle()
    assert data["qtype"] == "numerical" and q.kind == "numerical"
    assert data["answers"] == [
        {
            "text": "3",
            "format": 0,
            "fraction": 1.0,
            "feedback": {"text": "", "format": 0},
            "tolerance": 2,
        },
        {
            "text": "*",
            "format": 0,
            "fraction": 0.0,
            "feedback": {"text": "Completely wrong", "format": 0},
            "tolerance": None,
        },
    ]


def test_numerical_range_is_its_middle_plus_or_minus_half_the_width():
    q = one("What is a number from 1 to 5? {#1..5}")
    assert (q.answers[0].text, q.answers[0].tolerance) == ("3", 2.0)
    q = one("Pick a temperature. {#-2.5..0.5}")
    assert (q.answers[0].text, q.answers[0].tolerance) == ("-1", 1.5)


def test_numerical_exact_answer_has_no_tolerance():
    q = one("When was Ulysses S. Grant born?{#1822}")
    assert (q.answers[0].text, q.answers[0].tolerance) == ("1822", 0.0)


def test_numerical_with_several_weighted_answers():
    q = one("""
        ::Q7:: When was Ulysses S. Grant born? {#
            =1822:0      # Correct! Full credit.
            =%50%1822:2  # He was born in 1822. Half credit for being close.
        }
    """)
    assert fractions(q) == [1.0, 0.5]
    assert [(a.text, a.tolerance) for a in q.answers] == [("1822", 0.0), ("1822", 2.0)]
    assert q.answers[1].feedback.text == "He was born in 1822. Half credit for being close."


@pytest.mark.parametrize(
    ("answers", "text", "tolerance"),
    [
        # PHP prints the float (3.141 + 3.142) / 2 with 14 digits: 3.1415, not 3.1414999999999997.
        ("{#3.141..3.142}", "3.1415", 0.00050000000000017),
        ("{#0.1..0.2}", "0.15", 0.05),
        ("{#1..4}", "2.5", 1.5),
        ("{#1e20..3e20}", "2.0E+20", 100000000000000000000),
        ("{#0.00001..0.00003}", "2.0E-5", 0.00001),
        ("{#-0.0..-0.0}", "-0", 0),
        # Written as integers, PHP adds and halves them as integers: every digit kept, no -0.
        ("{#1000000000000000..1000000000000002}", "1000000000000001", 1),
        ("{#-0..0}", "0", 0),
    ],
)
def test_numerical_range_midpoint_is_written_as_moodle_writes_it(answers, text, tolerance):
    [answer] = one(f"Pick a number. {answers}").to_moodle()["answers"]
    assert (answer["text"], answer["tolerance"]) == (text, tolerance)


@pytest.mark.parametrize(
    ("value", "php"),
    [
        (3.1414999999999997, "3.1415"),
        (0.1 + 0.2, "0.3"),
        (2.5, "2.5"),
        (100.0, "100"),
        (1e13, "10000000000000"),
        (1e14, "1.0E+14"),
        (-1.5e100, "-1.5E+100"),
        (0.0001, "0.0001"),
        (0.00001, "1.0E-5"),
        (-0.0, "-0"),
        (12, "12"),
        (float("inf"), "INF"),
        (float("-inf"), "-INF"),
        (float("nan"), "NAN"),
    ],
)
def test_numbers_are_turned_into_text_as_php_does(value, php):
    assert to_string(value) == php


def test_weights_that_do_not_add_up_are_shown_as_php_would():
    # 1.1 * 100 is 110.00000000000001 in Python.
    [(_, message)] = problems("Pick {~%100%a ~%10%b ~c}")
    assert "add up to 110%;" in message


@pytest.mark.parametrize("answers", ["{#abc}", "{#1822:x}", "{#1..x}"])
def test_numerical_answer_that_is_not_a_number_is_a_problem(answers):
    [(line, message)] = problems(f"When?\n{answers}")
    assert line == 2 and "number" in message


def test_numerical_with_no_number_is_a_problem():
    [(line, message)] = problems("When? {#}")
    assert "gives no number" in message


def test_matching_pairs_with_formats():
    q = one("""
        // question: 2  name: Moodle activities
        ::Moodle activities::[html]Match the <b>activity</b> to the description.{
            =[html]An activity supporting asynchronous discussions. -> Forum
            =[moodle]A teacher asks a question with a choice of responses. -> Choice
            =[plain]A bank of record entries which participants can add to. -> Database
            =[markdown]A collection of web pages that anyone can add to or edit. -> Wiki
            = -> Chat
        }
    """)
    data = q.to_moodle()
    assert data["qtype"] == "match" and q.kind == "matching"
    assert data["questiontextformat"] == FORMAT_HTML
    assert [p["subanswer"] for p in data["pairs"]] == [
        "Forum",
        "Choice",
        "Database",
        "Wiki",
        "Chat",
    ]
    assert [p["subquestion"]["format"] for p in data["pairs"]] == [1, 0, 2, 4, 1]
    assert data["pairs"][0]["subquestion"]["text"] == (
        "An activity supporting asynchronous discussions."
    )
    assert data["pairs"][4]["subquestion"]["text"] == ""


def test_matching_on_one_line():
    q = one("Match capitals.{=Canada->Ottawa =Italy->Rome =Japan->Tokyo}")
    assert [(p.subquestion.text, p.subanswer) for p in q.pairs] == [
        ("Canada", "Ottawa"),
        ("Italy", "Rome"),
        ("Japan", "Tokyo"),
    ]


def test_matching_pair_without_arrow_is_a_problem():
    [(line, message)] = problems("""
        ::m:: Match
        {
            =Canada -> Ottawa
            =Italy
        }
    """)
    assert line == 4 and "'Italy' has no ->" in message


def test_missing_word_puts_a_blank_where_the_answers_were():
    q = one("Grant is {~buried =entombed ~living} in Grant's tomb.")
    assert q.qtype == "multichoice" and q.kind == "missing_word" and q.missing_word
    assert q.questiontext == "Grant is _____ in Grant's tomb."
    assert q.name == "Grant is _____ in Grant's tomb."


def test_missing_word_at_the_start_and_answers_at_the_end():
    assert one("{=Two =2} plus two equals four.").questiontext == "_____ plus two equals four."
    q = one("Two plus two equals {=four =4}")
    assert q.questiontext == "Two plus two equals" and not q.missing_word


# -- escapes ----------------------------------------------------------------------------------


def test_escaped_special_characters_in_text_answers_and_feedback():
    q = one(
        r"Is 1 \= 1\: yes \{or\} no \~ \#1? {=a \~ b \= c#feedback \# with \{braces\}"
        r" and \: colon ~d \\ e#f}"
    )
    assert q.questiontext == "Is 1 = 1: yes {or} no ~ #1?"
    assert [a.text for a in q.answers] == ["a ~ b = c", "d \\ e"]
    assert q.answers[0].feedback.text == "feedback # with {braces} and : colon"


def test_backslash_n_is_a_new_line_and_double_backslash_one_backslash():
    q = one(r"::double backslash:: A \\ B \\\\ C\nnext line{}")
    assert q.questiontext == "A \\ B \\\\ C\nnext line"


def test_escaped_backslash_before_n_is_not_a_new_line():
    assert one(r"Path C:\\new{}").questiontext == "Path C:\\new"


def test_title_with_escaped_colons():
    q = one(r"::Ratio 1\:2:: What is 1\:2 as a fraction? {=1/2 ~2}")
    assert q.name == "Ratio 1:2"
    assert q.questiontext == "What is 1:2 as a fraction?"


def test_escaped_braces_keep_a_question_open():
    q = one(r"Is \{x\} a set? {T}")
    assert q.questiontext == "Is {x} a set?" and q.qtype == "truefalse"


def test_escaped_tilde_does_not_make_a_multichoice():
    q = one(r"Type a tilde {=\~}")
    assert q.qtype == "shortanswer" and q.answers[0].text == "~"


# -- categories, comments, tags, idnumber -------------------------------------------------


def test_categories_apply_to_the_questions_after_them():
    result = parse("""
        First {T}

        $CATEGORY: $course$/top/Safeguarding

        Second {T}

        Third {F}

        $CATEGORY: top/Other

        Fourth {F}
    """)
    assert [q.category for q in result.questions] == [
        None,
        "$course$/top/Safeguarding",
        "$course$/top/Safeguarding",
        "top/Other",
    ]
    assert result.questions[1].to_moodle()["category"] == "$course$/top/Safeguarding"


def test_category_needs_a_blank_line_after_it():
    result = parse("""
        $CATEGORY: top/one
        Question right under it {T}
    """)
    assert result.questions == []
    [problem] = result.problems
    assert problem.line == 2 and "blank line after the $CATEGORY:" in problem.message


def test_comment_lines_are_ignored_and_a_comment_block_is_not_a_question():
    result = parse("""
        // A file of questions.
        // Written by a trainer.

        // About this question
        Is it? {T}
        // trailing comment
    """)
    assert [q.questiontext for q in result.questions] == ["Is it?"]
    assert result.questions[0].line == 5


def test_tags_and_idnumber_from_the_comments_before_a_question():
    q = one("""
        // This question is to test importing tags: [tag:tag] [tag:other-tag].
        // And an idnumber: [id:myid].
        ::Question name:: How are you? {}
    """)
    data = q.to_moodle()
    assert data["tags"] == ["tag", "other-tag"]
    assert data["idnumber"] == "myid"


def test_tags_in_a_comment_separated_by_a_blank_line_do_not_apply():
    q = one("""
        // [tag:lost] [id:lost]

        Is it? {T}
    """)
    assert (q.tags, q.idnumber) == ((), "")


@pytest.mark.parametrize(
    ("comment", "idnumber", "tags"),
    [
        ("", "", []),
        ("// A basic comment.", "", []),
        ("// A comment with [id:frog] <-- an idnumber.", "frog", []),
        ("// Look tags: [tag:frog] [tag:toad].", "", ["frog", "toad"]),
        ("// [tag:add] [tag:basic] [id:four]", "four", ["add", "basic"]),
        (
            "// [tag:  basic] Here is  \n// a [id:   four   ] que[tag:add   ]stion.",
            "four",
            ["basic", "add"],
        ),
        ("// Ceci n'est pas une [tag:\n\\ frog].", "", []),
        ("// [id:i\\]d].", "i]d", []),
        ("// [tag:t\\]ag].", "", ["t]ag"]),
        ("// [id:first] [id:second]", "first", []),
    ],
)
def test_extract_idnumber_and_tags(comment, idnumber, tags):
    assert extract_idnumber_and_tags(comment) == (idnumber, tags)


# -- formats and names ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [("", FORMAT_MOODLE), ("[moodle]", 0), ("[html]", 1), ("[plain]", 2), ("[markdown]", 4)],
)
def test_question_text_formats(prefix, expected):
    q = one(f"{prefix}Is it *so*? {{=yes ~no}}")
    assert q.questiontextformat == expected and q.questiontext == "Is it *so*?"
    assert [a.format for a in q.answers] == [expected, expected]


def test_unknown_format_is_a_problem():
    [(line, message)] = problems("::q:: [wiki]Is it? {T}")
    assert line == 1 and "[wiki] is not a text format" in message


def test_bracketed_words_that_are_not_format_names_are_text():
    q = one("[Draft] Is it? {T}")
    assert q.questiontext == "[Draft] Is it?" and q.questiontextformat == FORMAT_MOODLE
    q = one("[moodle][wiki] is a tag. {T}")
    assert q.questiontext == "[wiki] is a tag."


def test_unknown_format_on_an_answer_is_a_problem_on_its_line():
    [(line, message)] = problems("""
        Pick {
            =right
            ~[fancy]wrong
        }
    """)
    assert line == 3 and "[fancy]" in message


def test_name_defaults_to_the_whole_short_question_text():
    assert one("Is it raining?{T}").name == "Is it raining?"


def test_long_text_name_is_cut_at_a_word_to_80_characters_with_an_ellipsis():
    text = (
        "You are a community midwife at a booking appointment. A 19-year-old woman is "
        "11 weeks pregnant with her first baby."
    )
    name = one(text + "{}").name
    assert name == (
        "You are a community midwife at a booking appointment. A 19-year-old woman is ..."
    )
    assert len(name) <= 80


def test_name_from_html_text_has_no_tags():
    assert one("[html]<p>Is it <b>raining</b>?</p>{T}").name == "Is it raining?"


def test_name_from_empty_text_is_moodles_default():
    assert one("{T}").name == "Question name"


# -- problems, lines and robustness ---------------------------------------------------------


def test_start_line_of_every_question():
    result = parse("""
        // comment

        ::a:: First {T}


        // about b
        // more
        ::b::
        Second
        {F}

        Third {T}
    """)
    assert [(q.name, q.line) for q in result.questions] == [("a", 3), ("b", 8), ("Third", 12)]


def test_unclosed_brace_is_a_problem_on_the_line_of_the_brace():
    result = parse("""
        ::ok:: Fine {T}

        ::broken:: What should you do?
        {
            =Refer
            ~Wait

        ::after:: Still read {T}
    """)
    assert [q.name for q in result.questions] == ["ok", "after"]
    [problem] = result.problems
    assert problem.line == 4
    assert "'broken' has a { that is never closed" in problem.message


def test_closing_brace_without_opening_brace_is_a_problem():
    [(line, message)] = problems("::c:: No opening\n=a ~b}")
    assert line == 2 and "} with no {" in message


def test_closing_brace_before_opening_brace_is_a_problem():
    [(line, message)] = problems("::c:: Wrong } way {=a ~b}")
    assert "before its first {" in message


def test_brace_inside_answers_is_a_problem():
    [(line, message)] = problems("::c:: Pick {=a {b} ~c}")
    assert "{ inside its answers" in message


def test_title_without_closing_colons_is_a_problem():
    [(line, message)] = problems("::Title: Is it? {T}")
    assert "no closing ::" in message


def test_a_question_with_a_problem_is_left_out_and_the_rest_are_read():
    result = parse("""
        One {T}

        Two {~a ~b}

        Three {F}
    """)
    assert [q.questiontext for q in result.questions] == ["One", "Three"]
    assert [p.line for p in result.problems] == [3]


def test_windows_line_endings_and_byte_order_mark():
    text = "\ufeff// comment\r\n::a:: First {\r\n=yes\r\n~no\r\n}\r\n\r\n::b:: Second {T}\r\n"
    result = parse_gift(text)
    assert result.problems == []
    assert [(q.name, q.line) for q in result.questions] == [("a", 2), ("b", 7)]
    assert [a.text for a in result.questions[0].answers] == ["yes", "no"]


def test_old_mac_line_endings():
    result = parse_gift("::a:: First {T}\r\r::b:: Second {F}\r")
    assert [(q.name, q.line) for q in result.questions] == [("a", 1), ("b", 3)]


def test_lines_are_trimmed_as_moodle_does():
    q = one("   ::a::   Indented   \n\t{T}   ")
    assert (q.name, q.questiontext) == ("a", "Indented")


def test_indentation_is_not_kept_even_inside_pre_as_in_a_moodle_file_import():
    # Moodle's own fixture (giftformat_test::test_import_pre_content) keeps the spaces, but it
    # calls qformat_gift::readquestion() with the raw lines. A file import goes through
    # qformat_default::readquestions() first, which trims every line, so Moodle stores this:
    q = one(r"""
        ::Q001::[html]<p>What would running the test method print?</p>
        <pre>
            public void test() \{
                method1();
                method2();
            \}
        </pre>
        {}
    """)
    assert (q.qtype, q.questiontextformat) == ("essay", FORMAT_HTML)
    assert q.questiontext == (
        "<p>What would running the test method print?</p>\n<pre>\npublic void test() {\n"
        "method1();\nmethod2();\n}\n</pre>"
    )


def test_a_line_holding_only_zero_cuts_the_question_as_in_moodle():
    result = parse("""
        What is 1 - 1? {#
        0
        }
    """)
    assert result.questions == []
    assert [(p.line, p.message) for p in result.problems] == [
        (
            1,
            "'What is 1 - 1? {#' has a { that is never closed: the answers need a } after "
            "them (or write \\{ for a brace in the text)",
        ),
        (2, ZERO_LINE),
        (3, "'}' has a } with no { before it; write \\} for a brace in the text"),
    ]
    assert one("What is 1 - 1? {#0\n}").answers[0].text == "0"


def test_a_zero_line_between_questions_is_skipped_as_in_moodle():
    result = parse("A {T}\n\n0\n\nB {F}")
    assert result.problems == []
    assert [q.questiontext for q in result.questions] == ["A", "B"]


def test_a_carriage_return_inside_a_line_is_kept_not_a_new_line():
    # Moodle splits a file at new lines; only a file with none is split at carriage returns.
    q = one("::a:: One\rtwo {T}\n")
    assert q.questiontext == "One\rtwo"
    assert [q.name for q in parse_gift("::a:: One {T}\r\r::b:: Two {F}").questions] == ["a", "b"]


def test_empty_file_is_a_problem():
    [problem] = parse_gift("").problems
    assert problem.line == 1 and "no questions" in problem.message
    assert parse_gift("// only a comment\n").problems[0].message.startswith("there are no")


def test_source_is_kept():
    assert parse_gift("Q {T}", source="bank.gift").source == "bank.gift"


def test_never_raises_on_junk():
    pieces = [
        "{",
        "}",
        "~",
        "=",
        "#",
        "####",
        "::",
        ":",
        "\\",
        "\n",
        "\n\n",
        "->",
        "%",
        "%50%",
        "%-100%",
        "..",
        "[html]",
        "[x]",
        "[",
        "]",
        "//",
        "$CATEGORY:",
        "T",
        "a",
        " ",
        "1",
        "[id:",
        "[tag:x]",
        "\r",
        "\ufeff",
        "é",
        "<b>",
        "\x00",
    ]
    generator = random.Random(1234)
    for _ in range(3000):
        text = "".join(generator.choice(pieces) for _ in range(generator.randint(0, 30)))
        result = parse_gift(text)
        for question in result.questions:
            question.to_moodle()
            to_storable(question)
        unstorable_report(result)
        for problem in result.problems:
            assert problem.line >= 1 and problem.message


# -- what Briefing Quiz can store -----------------------------------------------------------


def test_our_kinds_are_quiz_question_kinds():
    result = parse("A {T}\n\nB {=a ~b}\n\nC {~%50%a ~%50%b}\n\nD {=x}")
    assert [q.kind for q in result.questions] == [
        QuestionKind.TRUE_FALSE,
        QuestionKind.SINGLE,
        QuestionKind.MULTIPLE,
        "short_answer",
    ]
    assert [q.kind_label for q in result.questions] == [
        "true or false",
        "single best answer",
        "multiple response",
        "short answer",
    ]


def test_single_best_answer_to_storable():
    q = one("""
        // [id:hv-crying-baby]
        ::Crying baby::You are a health visitor.\\n\\nWhat next?{
            ~Wait#Too late.
            =Visit more#Right.
        }
    """)
    stored = to_storable(q)
    assert stored.key == "hv-crying-baby"
    content = stored.content
    assert (content.kind, content.role) == (QuestionKind.SINGLE, "")
    assert (content.scenario, content.prompt) == ("You are a health visitor.", "What next?")
    assert content.options == (
        OptionContent("a", "Wait", False, "Too late."),
        OptionContent("b", "Visit more", True, "Right."),
    )


def test_key_is_a_slug_of_the_name_without_a_usable_idnumber():
    assert to_storable(one("::Crying Baby: visit?::Q {=a ~b}")).key == "crying-baby-visit"
    q = one("// [id:Q 7 Café]\n::x::Q {=a ~b}")
    assert to_storable(q).key == "q-7-cafe"
    assert to_storable(one("Is it? {=a ~b}")).content.scenario == "Is it?"


def test_multiple_response_to_storable():
    content = to_storable(one("Which? {~%50%a ~%50%b ~%-100%c}")).content
    assert content.kind == QuestionKind.MULTIPLE
    assert [o.correct for o in content.options] == [True, True, False]
    assert content.prompt == ""


def test_true_false_to_storable():
    stored = to_storable(one("// [id:tf]\nA care history alone is a reason to refer.{F#No.#Yes.}"))
    assert stored.content.kind == QuestionKind.TRUE_FALSE
    assert stored.content.options == (
        OptionContent("true", "True", False, "No."),
        OptionContent("false", "False", True, "Yes."),
    )


def _choice(count: int) -> str:
    answers = " ".join(
        ("=" if n == 1 else "~") + f"answer {n}#why {n}" for n in range(1, count + 1)
    )
    return f"// a comment\n::many::Pick one.{{{answers}}}"


def test_a_question_with_eight_answers_converts_whole():
    assert MAX_OPTIONS == 8
    content = to_storable(one(_choice(8))).content
    assert [o.key for o in content.options] == list(OPTION_LETTERS)
    assert [o.text for o in content.options] == [f"answer {n}" for n in range(1, 9)]
    assert [o.feedback for o in content.options] == [f"why {n}" for n in range(1, 9)]
    assert content.right_keys == ["a"]


def test_a_question_with_nine_answers_is_refused_on_its_line_not_cut():
    result = parse("Fine {T}\n\n" + _choice(9))
    [question] = [q for q in result.questions if q.name == "many"]
    assert len(question.answers) == 9 and question.line == 4
    assert to_storable(question) is None
    assert unstorable_report(result) == [
        "line 4: 'many' has 9 answers: a single best answer question has 2 to 8 options; "
        "this one has 9"
    ]


@pytest.mark.parametrize(
    ("gift", "expected"),
    [
        (
            "::sa::Who? {=no one}",
            "is a short answer question; Briefing Quiz stores single best "
            "answer, multiple response and true or false questions only",
        ),
        ("::num::When? {#1822:5}", "is a numerical question; Briefing Quiz stores"),
        ("::m::Match {=a -> b =c -> d}", "is a matching question; Briefing Quiz stores"),
        ("::mw::Grant is {=entombed ~buried} there.", "is a missing word question"),
        ("::e::Tell us. {}", "is an essay question; Briefing Quiz does not import essays"),
        (
            "::d::Read this first.",
            "is a description (text with no answers), not a question; it is skipped",
        ),
        ("::p::Pick {=a ~%50%b ~c}", "single best answer question with 2 answers that earn marks"),
        (
            "::o::Pick {~%100%a ~%-50%b ~%-50%c}",
            "has 1 right answer: a multiple response question needs at least two right "
            "options, but a is marked right; mark another, or make it a single best answer "
            "question",
        ),
        (
            "::t::Pick {=a =b ~c}",
            "has 2 right answers: a single best answer question has exactly one right option, "
            "but 2 are marked right (a, b)",
        ),
        (
            "::n::Pick {=a ~b ~c ~d ~e ~f ~g ~h ~i}",
            "has 9 answers: a single best answer question has 2 to 8 options; this one has 9",
        ),
    ],
)
def test_unstorable_report_says_why(gift, expected):
    result = parse(gift)
    assert result.problems == []
    [line] = unstorable_report(result)
    assert line.startswith(f"line 1: '{result.questions[0].name}' ")
    assert expected in line
    assert to_storable(result.questions[0]) is None


def test_essay_message_mentions_the_reflection():
    [line] = unstorable_report(parse("::e::Tell us. {}"))
    assert "reflection" in line


def test_storable_questions_are_not_in_the_unstorable_report():
    assert unstorable_report(parse("A {T}\n\nB {=a ~b}\n\nC {~%50%a ~%50%b}")) == []


def test_a_problem_with_the_whole_question_is_on_its_first_line():
    [(line, message)] = problems("""
        // comment
        ::title::
        Which one?
        {
            ~a
            ~b
        }
    """)
    assert line == 2 and "no right answer" in message
