"""The one shape of a domain refusal that a form can show next to the field it concerns."""


class FieldProblem(ValueError):
    """Something cannot be saved as it stands; `field` names the form field to fix ('' if none)."""

    def __init__(self, field: str, message: str | None = None):
        if message is None:
            field, message = "", field
        super().__init__(message)
        self.field = field
