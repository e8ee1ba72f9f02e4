"""Administrators: import people from a CSV file, check what it will do, then confirm."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from quiz.extensions import db
from quiz.models import Role
from quiz.people_file import MAX_BYTES, PeopleFileError
from quiz.services.people_import import (
    ImportRefused,
    PreviewOutdated,
    find_upload,
    import_upload,
    keep_upload,
    preview_upload,
)
from quiz.web.access import role_required
from quiz.web.admin import bp
from quiz.web.admin.import_forms import ConfirmImportForm, PeopleUploadForm


@bp.route("/people/import", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def import_people():
    form = PeopleUploadForm()
    if form.validate_on_submit():
        upload = form.upload.data
        try:
            # One byte more than allowed is enough for the reader to refuse it.
            token = keep_upload(current_user, upload.filename, upload.read(MAX_BYTES + 1))
        except PeopleFileError as error:
            form.upload.errors.append(str(error))
        else:
            db.session.commit()
            return redirect(url_for(".import_preview", token=token))
    return render_template("admin/import.html", form=form)


@bp.route("/people/import/<token>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def import_preview(token: str):
    upload = find_upload(token, current_user)
    if upload is None:
        flash("That file has expired or was imported already. Upload it again.")
        return redirect(url_for(".import_people"))
    form = ConfirmImportForm()
    if form.validate_on_submit():
        try:
            result = import_upload(
                upload,
                checked=form.checked.data or "",
                only_good_rows=bool(form.import_good_rows.data),
                deactivate_leavers=form.deactivate_leavers.data,
                actor=current_user,
            )
        except (ImportRefused, PreviewOutdated) as refusal:
            db.session.rollback()
            flash(str(refusal))
            return redirect(url_for(".import_preview", token=token))
        db.session.commit()
        flash(f"People imported: {result.summary()}.", "success")
        return redirect(url_for(".people"))
    found = preview_upload(upload, current_user)
    form.checked.data = found.fingerprint()
    return render_template(
        "admin/import_preview.html", form=form, preview=found, filename=upload.filename
    )
