import pytest

from quiz.briefings import (
    BriefingError,
    ParsedBriefing,
    Section,
    parse_briefing,
    parse_briefing_file,
)
from tests.seed import SEED_BRIEFING, SEED_THEMES


@pytest.fixture(scope="module")
def seed() -> ParsedBriefing:
    return parse_briefing_file(SEED_BRIEFING)


def themes_of(text: str) -> tuple[str, ...]:
    return parse_briefing(text).learning_themes


# --- the seed briefing ----------------------------------------------------------------


def test_seed_has_exactly_its_four_learning_themes(seed):
    assert seed.learning_themes == SEED_THEMES


def test_seed_sections_stay_in_document_order(seed):
    assert [s.number for s in seed.sections] == ["01", "02", "07", "06", "05", "03", "04"]
    assert [s.heading for s in seed.sections] == [
        "Background",
        "Safeguarding Concerns",
        "Progress",
        "Progress",
        "Progress",
        "Key Learning Themes",
        "Progress",
    ]


def test_seed_title_is_the_line_before_the_first_section(seed):
    assert seed.title == "7-minute Briefing"


def test_seed_link_is_reduced_to_its_text(seed):
    section_05 = next(s for s in seed.sections if s.number == "05")
    assert "'Was not Heard'" in section_05.text
    assert "(#)" not in section_05.text
    assert "[" not in section_05.text


def test_seed_section_text_keeps_paragraphs_and_bullets(seed):
    section_07 = next(s for s in seed.sections if s.number == "07")
    paragraph, bullets = section_07.text.split("\n\n")
    assert paragraph.endswith("across all service areas and include:")
    assert bullets.splitlines()[0] == (
        "- Robust management oversight of all work allocated, including a plan of actions"
    )


def test_windows_line_endings_tabs_and_odd_spaces_do_not_matter(seed):
    text = SEED_BRIEFING.read_text(encoding="utf-8")
    messy = (
        text.replace("01 Background", "01\tBackground")
        .replace("Lack of appropriate", "Lack\u00a0of appropriate")
        .replace("\n", "   \r\n")
    )
    assert parse_briefing(messy) == seed


# --- headings -------------------------------------------------------------------------


def test_dot_numbered_headings_with_a_numbered_theme_list():
    briefing = parse_briefing(
        "7-minute briefing\n\n"
        "1. Background\nAmy was 14.\n\n"
        "2. Key learning\n1. Hear the child\n2. Share information early\n\n"
        "3. Progress\nTraining was delivered.\n"
    )
    assert [(s.number, s.heading) for s in briefing.sections] == [
        ("1", "Background"),
        ("2", "Key learning"),
        ("3", "Progress"),
    ]
    assert briefing.learning_themes == ("Hear the child", "Share information early")


def test_markdown_headings_with_numbers():
    briefing = parse_briefing(
        "# 7-minute briefing: Amy\n\n"
        "## 01 Background\n\nAmy was 14.\n\n"
        "## 03 Key Learning Themes\n- Hear the child\n- Share information early\n"
    )
    assert briefing.title == "7-minute briefing: Amy"
    assert [(s.number, s.heading) for s in briefing.sections] == [
        ("01", "Background"),
        ("03", "Key Learning Themes"),
    ]
    assert briefing.learning_themes == ("Hear the child", "Share information early")


def test_unnumbered_markdown_heading_has_no_number():
    briefing = parse_briefing(
        "## Key learning themes\n\n- Hear the child\n\n## Questions\n\nWhat now?"
    )
    assert [(s.number, s.heading) for s in briefing.sections] == [
        (None, "Key learning themes"),
        (None, "Questions"),
    ]
    assert briefing.learning_themes == ("Hear the child",)


def test_section_word_heading():
    briefing = parse_briefing("Section 3: Key learning\n\n* Hear the child\n* Record decisions")
    assert briefing.sections[0].number == "3"
    assert briefing.sections[0].heading == "Key learning"
    assert briefing.learning_themes == ("Hear the child", "Record decisions")


def test_sentences_starting_with_a_number_are_not_headings():
    briefing = parse_briefing(
        "01 Background\n\n"
        "2017 survey found delays in referrals.\n\n"
        "12 families were seen at home by the team.\n\n"
        "03 Key learning themes\n\n- Hear the child\n"
    )
    assert [s.number for s in briefing.sections] == ["01", "03"]
    assert briefing.sections[0].text == (
        "2017 survey found delays in referrals.\n\n12 families were seen at home by the team."
    )


# --- learning themes ------------------------------------------------------------------


def test_numbered_and_lettered_theme_items():
    assert themes_of("03 Key learning themes\n\n1) Hear the child\n2) Record decisions") == (
        "Hear the child",
        "Record decisions",
    )
    assert themes_of("03 Learning\n\na) Hear the child\nb) Record decisions") == (
        "Hear the child",
        "Record decisions",
    )


def test_loose_numbered_theme_list_is_not_mistaken_for_headings():
    briefing = parse_briefing(
        "1. Key messages\n\n"
        "1. Hear the child\n\n2. Record decisions\n\n3. Challenge drift\n\n"
        "2. Progress\n\nNew guidance.\n"
    )
    assert [s.heading for s in briefing.sections] == ["Key messages", "Progress"]
    assert briefing.learning_themes == ("Hear the child", "Record decisions", "Challenge drift")


def test_theme_wrapped_over_two_lines_is_joined_with_a_single_space():
    text = (
        "03 Key Learning Themes\n\n"
        "- Practitioners failed to recognise the voice\n"
        "  of the child\n"
        "- Lack of appropriate response to physical abuse\n"
    )
    assert themes_of(text) == (
        "Practitioners failed to recognise the voice of the child",
        "Lack of appropriate response to physical abuse",
    )


def test_theme_bullets_of_every_kind_lose_bold_and_links():
    text = (
        "Findings:\n"
        "• **Hear the child**\n"
        "– See the [Was not Heard](https://example.org/film_(2019)) film\n"
        "* Supervision matters.\n"
    )
    assert themes_of(text) == (
        "Hear the child",
        "See the Was not Heard film",
        "Supervision matters.",
    )


def test_each_paragraph_is_a_theme_when_there_are_no_list_items():
    text = "04 What did we learn?\n\nEarly help was offered late.\n\nFathers were not seen."
    assert themes_of(text) == ("Early help was offered late.", "Fathers were not seen.")


# --- errors ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\t\r\n\u00a0\n"], ids=["empty", "whitespace-only"])
def test_empty_briefing_is_refused(text):
    with pytest.raises(BriefingError, match="The briefing is empty. Expected"):
        parse_briefing(text)


def test_briefing_without_a_themes_section_is_refused():
    with pytest.raises(BriefingError, match="No learning themes found") as error:
        parse_briefing("01 Background\n\nJoe was six.\n\n02 Progress\n\n- Training")
    assert "'Key learning themes'" in str(error.value)
    assert "'01 Background', '02 Progress'" in str(error.value)


def test_themes_section_with_no_items_is_refused():
    with pytest.raises(BriefingError, match="the section '03 Key Learning Themes' is empty"):
        parse_briefing(
            "01 Background\n\nJoe was six.\n\n03 Key Learning Themes\n\n04 Progress\n\nTraining."
        )


def test_binary_file_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "briefing.pdf"
    path.write_bytes(b"%PDF-1.7\n\x00\x01\x02binary")
    with pytest.raises(BriefingError, match=r"briefing\.pdf is not a text file.*\.txt or \.md"):
        parse_briefing_file(path)


def test_empty_file_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "briefing.txt"
    path.write_bytes(b"\xef\xbb\xbf \r\n")
    with pytest.raises(BriefingError, match=r"briefing\.txt is empty"):
        parse_briefing_file(path)


def test_file_in_utf8_with_bom_or_cp1252_is_read(tmp_path):
    text = "7-minute briefing\n\n03 Key learning\n\n- The child\u2019s voice\n"
    with_bom = tmp_path / "bom.txt"
    with_bom.write_bytes(text.encode("utf-8-sig"))
    windows = tmp_path / "windows.txt"
    windows.write_bytes(text.encode("cp1252"))
    assert parse_briefing_file(with_bom).title == "7-minute briefing"
    assert parse_briefing_file(windows).learning_themes == ("The child\u2019s voice",)


# --- output ---------------------------------------------------------------------------


def test_to_json_shape(seed):
    data = seed.to_json()
    assert set(data) == {"title", "sections", "learning_themes"}
    assert data["title"] == "7-minute Briefing"
    assert data["sections"][0] == {
        "number": "01",
        "heading": "Background",
        "text": seed.sections[0].text,
    }
    assert data["learning_themes"] == list(SEED_THEMES)


def test_reading_order_sorts_by_number_with_unnumbered_sections_last():
    briefing = ParsedBriefing(
        title="t",
        sections=(
            Section("07", "Progress", ""),
            Section(None, "Questions", ""),
            Section("03", "Key learning themes", ""),
            Section("1", "Background", ""),
        ),
        learning_themes=("x",),
    )
    assert [s.heading for s in briefing.reading_order()] == [
        "Background",
        "Key learning themes",
        "Progress",
        "Questions",
    ]


def test_seed_reading_order_puts_03_before_07(seed):
    assert [s.number for s in seed.reading_order()] == ["01", "02", "03", "04", "05", "06", "07"]


def test_text_with_control_characters_is_refused():
    with pytest.raises(BriefingError, match="not text; expected a .txt or .md briefing"):
        parse_briefing("03 Key learning\n\n- Hear\x01 the child")


# --- layouts read before whitespace is normalised (layout.py) -------------------------


def test_indented_bullets_with_the_same_character_are_details_not_themes():
    text = "Briefing\n\nLearning\n- Fathers\n  - He was not seen.\n  - Nobody asked.\n- Sleep\n"
    assert themes_of(text) == ("Fathers", "Sleep")


def test_uniformly_indented_bullets_are_all_top_level():
    text = (
        "Briefing\n\n  2. Key learning\n"
        "     • Calls were cut short\n     • Falls were not reported\n"
    )
    assert themes_of(text) == ("Calls were cut short", "Falls were not reported")


def test_quoted_email_lines_lose_their_quote_marks():
    text = (
        "FW: briefing\n\n> Briefing\n>\n> Learning points\n"
        "> - Carers were not assessed\n> - No follow-up\n"
    )
    assert themes_of(text) == ("Carers were not assessed", "No follow-up")


def test_two_columns_side_by_side_are_read_one_after_the_other():
    text = (
        "Briefing\n\n"
        "Background                        Key learning\n"
        "Ms V lived with her son.          • Abuse by an adult child was missed\n"
        "She died of cancer.               • Refusals were accepted\n"
        "                                  • Nobody knew where to report\n"
    )
    assert themes_of(text) == (
        "Abuse by an adult child was missed",
        "Refusals were accepted",
        "Nobody knew where to report",
    )


# --- labels, numbering and tables -----------------------------------------------------


def test_table_typed_with_bars_between_cells_gives_its_first_column():
    text = (
        "Briefing\n\nLearning\nTheme | What we found | What to do\n"
        "Exclusion | He lost his school place. | Meet first.\n"
        "Missing | He went missing. | Keep offering.\n"
    )
    assert themes_of(text) == ("Exclusion", "Missing")


def test_decimal_paragraph_numbers_are_items():
    text = (
        "Briefing\n\n3. Learning\n"
        "3.1 Trust was built with the family.\n3.2 Referrals were not made.\n"
    )
    assert themes_of(text) == ("Trust was built with the family.", "Referrals were not made.")


def test_list_numbered_without_stops_is_a_list():
    text = "Briefing\n\nKey learning\n1 Bruising is never normal\n2 Changing histories matter\n"
    assert themes_of(text) == ("Bruising is never normal", "Changing histories matter")


def test_label_on_its_own_line_names_the_theme_below_it_anywhere():
    text = (
        "Briefing\n\nThe people\nMr L cared for his wife.\n\n"
        "Learning Point 1\nCarers are at risk too\nHe was not assessed.\n\n"
        "Learning Point 2\nCancelled care visits\nNobody followed this up.\n"
    )
    assert themes_of(text) == ("Carers are at risk too", "Cancelled care visits")


def test_bold_summary_sentence_summarises_a_long_numbered_finding():
    text = (
        "Briefing\n\nFindings\n"
        "1. **Discharge did not consider homelessness.** He left at 8pm. Nobody was told.\n"
        "2. **Self-neglect was seen as a choice.** His drinking was not considered.\n"
    )
    assert themes_of(text) == (
        "Discharge did not consider homelessness.",
        "Self-neglect was seen as a choice.",
    )


def test_short_bold_label_keeps_the_item_whole():
    text = (
        "Briefing\n\nLearning\n"
        "- **Fire risk.** The fire service was not told.\n- **Hoarding.** Seen as housing.\n"
    )
    assert themes_of(text) == (
        "Fire risk. The fire service was not told.",
        "Hoarding. Seen as housing.",
    )


def test_list_written_as_one_sentence_loses_semicolons_and_and():
    text = (
        "Briefing\n\nLessons for practice\nThe Board found that:\n"
        "• discharge was based on missed appointments;\n• no next of kin was recorded; and\n"
        "• welfare checks ended early.\n"
    )
    assert themes_of(text) == (
        "Discharge was based on missed appointments",
        "No next of kin was recorded",
        "Welfare checks ended early",
    )


def test_unbulleted_sentences_after_a_lead_in_are_the_themes():
    text = (
        "Briefing\n\nAbout the review\nThe review highlighted the following:\n\n"
        "Visits were cancelled five times.\n\nWeight was not plotted on a chart.\n\n"
        "What you can do\nPlot weight at every contact.\n"
    )
    assert themes_of(text) == (
        "Visits were cancelled five times.",
        "Weight was not plotted on a chart.",
    )


@pytest.mark.parametrize(
    "heading",
    [
        "Key Findings and Learning",
        "What can we learn?",
        "What the review told us",
        "Practice issues identified",
        "Key takeaways",
        "Minute 3 – Learning",
    ],
)
def test_more_ways_of_heading_the_learning(heading):
    text = f"Briefing\n\nBackground\nA child was hurt.\n\n{heading}\n- Theme one\n- Theme two\n"
    assert themes_of(text) == ("Theme one", "Theme two")


@pytest.mark.parametrize("heading", ["What went well", "Over to you", "Related briefings"])
def test_more_lists_that_are_not_themes(heading):
    text = f"Briefing\n\nLearning\n- Theme one\n- Theme two\n\n{heading}\n- Not a theme\n"
    assert themes_of(text) == ("Theme one", "Theme two")
