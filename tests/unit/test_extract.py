import pytest

from quiz.briefings import BriefingError, parse_briefing
from quiz.briefings.extract import extract_text
from tests.documents import make_docx, make_image_only_pdf, make_pdf

BRIEFING_LINES = [
    "7-minute briefing: a baby with a bruise",
    "",
    "01 Background",
    "",
    "A four-month-old baby was seen with a bruise on the cheek.",
    "",
    "02 Key learning themes",
    "",
    "- Bruising in a non-mobile baby needs a same-day response",
    "- Practitioners did not speak to the father",
]


def test_a_text_file_is_read_as_utf8():
    text = extract_text("briefing.txt", "\n".join(BRIEFING_LINES).encode("utf-8"))
    assert parse_briefing(text).learning_themes[0].startswith("Bruising in a non-mobile baby")


def test_a_windows_text_file_is_read_too():
    text = extract_text("briefing.md", "Parent’s view".encode("cp1252"))
    assert text == "Parent’s view"


def test_a_word_document_keeps_headings_and_bullets():
    data = make_docx(
        [
            ("Title", "7-minute briefing: a baby with a bruise"),
            ("Heading 1", "01 Background"),
            ("Normal", "A four-month-old baby was seen with a bruise on the cheek."),
            ("Heading 1", "02 Key learning themes"),
            ("List Bullet", "Bruising in a non-mobile baby needs a same-day response"),
            ("List Bullet", "Practitioners did not speak to the father"),
        ]
    )
    parsed = parse_briefing(extract_text("briefing.docx", data))
    assert parsed.learning_themes == (
        "Bruising in a non-mobile baby needs a same-day response",
        "Practitioners did not speak to the father",
    )


def test_a_text_based_pdf_is_read():
    text = extract_text("briefing.pdf", make_pdf(BRIEFING_LINES))
    assert "Practitioners did not speak to the father" in text


def test_a_scanned_pdf_says_it_has_no_text_layer():
    with pytest.raises(BriefingError, match="no text layer"):
        extract_text("scan.pdf", make_image_only_pdf())


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "is empty"),
        ("binary.txt", b"\x00\x01\x02", "not a text file"),
        ("broken.pdf", b"%PDF-1.4 not really", "not a PDF we can open"),
        ("broken.docx", b"PK not really a zip", "not a Word document"),
        ("old.doc", b"\xd0\xcf\x11\xe0", r"old Word \(\.doc\) file"),
        ("picture.png", b"\x89PNG", "Upload a .txt, .md, .docx or .pdf"),
    ],
)
def test_bad_files_get_a_message_naming_the_file(name, data, message):
    with pytest.raises(BriefingError, match=message) as raised:
        extract_text(name, data)
    assert name in str(raised.value)
