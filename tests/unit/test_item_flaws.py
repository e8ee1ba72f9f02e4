"""The question checker: each classic item-writing flaw, found on a question written to have it,
and nothing found on clean questions. These questions were written before the thresholds in
quiz/item_flaws.py were tuned, and are kept as they were written."""

from quiz.item_flaws import bank_figures, flaws
from quiz.question import QuestionContent, QuestionKind, lettered, true_false

SCENARIO = (
    "You are a health visitor at a home visit to a 10-week-old baby. His mother says he cries "
    "all the time. You notice a small bruise on his cheek; she says he hit himself with his fist."
)


def single(*options, prompt="What should you do?", scenario=SCENARIO) -> QuestionContent:
    """Options as (text, correct); feedback is filled in."""
    return QuestionContent(
        kind=QuestionKind.SINGLE,
        role="Health visitor",
        scenario=scenario,
        prompt=prompt,
        options=lettered(
            (text, correct, "Why it is or is not right.") for text, correct in options
        ),
    )


def codes(question: QuestionContent) -> list[str]:
    return [flaw.code for flaw in flaws(question)]


CLEAN = single(
    ("Contact children's social care today and arrange an urgent paediatric check.", True),
    ("Accept her explanation and look at his face again at your next routine visit.", False),
    ("Examine him fully yourself and question his mother until you know what happened.", False),
    ("Photograph the bruise and raise it at your safeguarding supervision next week.", False),
)

CLEAN_RESTRAINED = single(
    ("Ask how she is coping, note what she says and offer a follow-up visit this week.", True),
    ("Refer the family to children's social care today as a child protection concern.", False),
    ("Call the police and ask them to check the baby's safety at home this evening.", False),
    ("Tell her she must go on a parenting course and make it a condition of your help.", False),
    scenario=(
        "You are a health visitor. A first-time mother of a thriving 6-week-old says she feels "
        "tired and tearful some days. The baby is feeding well and there are no other concerns."
    ),
    prompt="What is a proportionate next step?",
)

CLEAN_TRUE_FALSE = QuestionContent(
    kind=QuestionKind.TRUE_FALSE,
    role="GP",
    scenario="You are a GP. A colleague says consent is always needed before sharing.",
    prompt="True or false: you need a parent's consent to share a safeguarding concern.",
    options=true_false(False, "Consent is not needed where a child is at risk.", "Right."),
)


def test_clean_questions_have_no_flaws():
    assert flaws(CLEAN) == []
    assert flaws(CLEAN_RESTRAINED) == []
    assert flaws(CLEAN_TRUE_FALSE) == []


def test_the_right_option_longest_by_a_clear_margin():
    question = single(
        (
            "Follow your local bruising protocol: contact children's social care today, arrange "
            "an urgent paediatric check, record the mark and her explanation in her own words, "
            "and tell the GP.",
            True,
        ),
        ("Accept her explanation and look again at your next visit.", False),
        ("Examine him yourself and question his mother at length.", False),
        ("Photograph it and discuss it at supervision next week.", False),
    )
    found = flaws(question)
    assert "right-longest" in [f.code for f in found]
    message = next(f.message for f in found if f.code == "right-longest")
    assert "longest" in message and "shorten" in message.lower()


def test_option_lengths_out_of_balance_even_when_a_wrong_option_is_the_long_one():
    question = single(
        ("Contact children's social care today and arrange a paediatric check.", True),
        ("Wait.", False),
        ("Examine him yourself and question his mother closely about the bruise.", False),
        ("Photograph the bruise and discuss it at your next supervision session.", False),
    )
    found = flaws(question)
    assert [f.code for f in found] == ["lengths-unbalanced"]
    assert found[0].option == 2


def test_only_wrong_options_give_reasons():
    question = single(
        ("Contact children's social care today and arrange a paediatric check.", True),
        ("Accept her explanation, as babies often knock themselves.", False),
        ("Wait for the next visit because the bruise is small.", False),
        ("Say nothing yet, since she already feels low and judged.", False),
    )
    assert "reasons-only-wrong" in codes(question)


def test_reasons_on_right_and_wrong_options_alike_are_fine():
    question = single(
        ("Contact children's social care today, because non-mobile babies rarely bruise.", True),
        ("Accept her explanation, as babies often knock themselves.", False),
        ("Wait for the next visit because the bruise is very small.", False),
        ("Say nothing yet, since she already feels low and judged.", False),
    )
    assert "reasons-only-wrong" not in codes(question)


def test_absolute_words_and_above_options():
    question = single(
        ("Contact children's social care today and arrange a paediatric check.", True),
        ("Always accept a parent's explanation of a small mark on a baby.", False),
        ("Never discuss a bruise with the family before you act on it.", False),
        ("All of the above are reasonable responses to this situation.", False),
    )
    found = [f for f in flaws(question) if f.code == "absolute-words"]
    assert [f.option for f in found] == [2, 3, 4]
    assert '"always"' in found[0].message
    assert '"all of the above"' in found[2].message
    none_above = single(
        ("Contact children's social care today and arrange a paediatric check.", True),
        ("None of the above, as every one of them goes too far for this.", False),
    )
    assert "absolute-words" in codes(none_above)


def test_a_negative_stem_must_be_emphasised():
    plain = single(
        ("Contact children's social care today and arrange a paediatric check.", False),
        ("Accept her explanation and look at his face again at your next visit.", True),
        ("Ask your safeguarding lead for advice today about what to do next.", False),
        ("Record the mark and her explanation in her own words in your notes.", False),
        prompt="Which of these should you not do?",
    )
    assert "negative-stem" in codes(plain)
    excepted = single(*[(o.text, o.correct) for o in plain.options], prompt="All are right except:")
    assert "negative-stem" in codes(excepted)
    emphasised = single(
        *[(o.text, o.correct) for o in plain.options], prompt="Which should you **not** do?"
    )
    capitals = single(
        *[(o.text, o.correct) for o in plain.options], prompt="Which should you NOT do?"
    )
    assert "negative-stem" not in codes(emphasised)
    assert "negative-stem" not in codes(capitals)


def test_two_options_that_say_nearly_the_same_thing():
    question = single(
        ("Contact children's social care today and arrange a paediatric check.", True),
        ("Tell the GP about the bruise and ask them to look at him this week.", False),
        ("Ask the GP to look at the bruise on him some time this week.", False),
        ("Photograph the bruise and raise it at your supervision next week.", False),
    )
    found = [f for f in flaws(question) if f.code == "options-alike"]
    assert len(found) == 1
    assert "2" in found[0].message and "3" in found[0].message


def test_an_option_that_repeats_the_stems_key_words_when_others_do_not():
    question = single(
        ("Treat the bruise on his cheek as a concern, whatever his mother explains.", True),
        ("Offer her a leaflet on coping with crying and book a routine review.", False),
        ("Arrange a hearing test at the audiology clinic within a month.", False),
        ("Suggest she joins a local parent and toddler group for support.", False),
        scenario=(
            "You are a health visitor. A mother explains that a bruise on her baby's cheek "
            "came from his own fist."
        ),
    )
    found = [f for f in flaws(question) if f.code == "stem-echo"]
    assert [f.option for f in found] == [1]
    assert "bruise" in found[0].message


def test_every_message_says_how_to_fix_it():
    worst = single(
        (
            "Always contact children's social care today about the bruise on his cheek at once.",
            True,
        ),
        ("Wait, as it is small.", False),
        ("Wait, as it is very small.", False),
        prompt="Which is not wrong?",
    )
    found = flaws(worst)
    assert {f.code for f in found} >= {"lengths-unbalanced", "absolute-words", "negative-stem"}
    for flaw in found:
        assert flaw.message.endswith(".")
        assert any(
            word in flaw.message.lower()
            for word in ("shorten", "give", "reword", "write", "put", "rewrite", "make", "use")
        ), flaw.message


def test_bank_figures_count_positions_longest_and_the_cue_rules():
    questions = [CLEAN, CLEAN_RESTRAINED, CLEAN_TRUE_FALSE]
    figures = bank_figures(questions)
    assert figures["questions"] == 3
    assert figures["single_answer"] == 2
    assert figures["right_positions"] == {"1": 2}
    assert figures["longest_is_right"]["count"] == 0
    # The most cautious (protective) option is right in CLEAN only; the restrained answer wins
    # CLEAN_RESTRAINED.
    assert figures["most_cautious_is_right"]["count"] == 1
    assert 0 <= figures["most_active_is_right"]["share"] <= 1
    assert set(figures) >= {"cue_rule_is_right", "flaws"}


def test_a_bank_with_the_right_answer_always_first_and_longest_is_flagged():
    long_first = [
        single(
            (
                f"Refer to children's social care today, record her words and tell the GP ({i}).",
                True,
            ),
            ("Accept her explanation and look again next time.", False),
            ("Examine him yourself and ask her about it.", False),
            ("Photograph it for supervision next week.", False),
        )
        for i in range(8)
    ]
    figures = bank_figures(long_first)
    assert figures["right_positions"] == {"1": 8}
    assert figures["longest_is_right"]["share"] == 1.0
    bank_codes = {flaw["code"] for flaw in figures["flaws"]}
    assert {"positions-uneven", "longest-often-right"} <= bank_codes


def test_a_small_bank_is_not_judged_on_its_spread():
    figures = bank_figures([CLEAN, CLEAN])
    assert figures["flaws"] == []
