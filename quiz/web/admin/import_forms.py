"""Forms of the people import: upload a file, then confirm what the preview showed."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovFileInput, GovSubmitInput
from wtforms import BooleanField, HiddenField, SubmitField


class PeopleUploadForm(FlaskForm):
    upload = FileField(
        "Upload a CSV file",
        widget=GovFileInput(),
        validators=[FileRequired(message="Choose a CSV file to upload")],
        description="In Excel, choose File, Save as, and pick 'CSV UTF-8'. Up to 5 MB "
        "and 20,000 rows.",
    )
    submit = SubmitField("Check the file", widget=GovSubmitInput())


class ConfirmImportForm(FlaskForm):
    # The preview the administrator saw, so a preview that changed since is not imported.
    checked = HiddenField()
    deactivate_leavers = BooleanField(
        "Deactivate the people listed above",
        widget=GovCheckboxInput(),
        description="They will be signed out at once and can no longer sign in. Their "
        "answers and history are kept, and they can be reactivated.",
    )
    import_all = SubmitField("Import all", widget=GovSubmitInput())
    import_good_rows = SubmitField("Import only the good rows", widget=GovSubmitInput())
