from flask import Blueprint

bp = Blueprint("practice", __name__)


@bp.app_template_filter("first_words")
def first_words(text: str, count: int = 10) -> str:
    """The first words of a text (Markdown marks dropped), with … when there are more: enough
    to tell check-answer rows apart."""
    words = text.replace("*", "").replace("_", " ").split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


from quiz.web.practice import routes  # noqa: E402,F401
