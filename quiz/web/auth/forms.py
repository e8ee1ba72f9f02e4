from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovPasswordInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import EmailField, PasswordField, RadioField, SelectChoice, StringField, SubmitField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length

from quiz.passwords import HINT, MAX_LENGTH, MIN_LENGTH
from quiz.professions import LABELS as PROFESSION_LABELS
from quiz.professions import Profession

# An email address is at most 320 characters; anything longer is not one.
EMAIL_LENGTH = 320


class SignInForm(FlaskForm):
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        validators=[
            DataRequired(message="Enter your email address"),
            Length(max=EMAIL_LENGTH, message="Enter your email address"),
        ],
    )
    password = PasswordField(
        "Password",
        widget=GovPasswordInput(),
        validators=[
            DataRequired(message="Enter your password"),
            Length(max=MAX_LENGTH * 4, message="Enter your password"),
        ],
    )
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class CodeForm(FlaskForm):
    code = StringField(
        "Security code",
        description="The 6-digit code your authenticator app shows, or one of your backup codes.",
        widget=GovTextInput(),
        validators=[
            DataRequired(message="Enter the security code"),
            Length(max=40, message="Enter the 6-digit code or a backup code"),
        ],
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


class SetUpAppForm(FlaskForm):
    code = StringField(
        "Code from your authenticator app",
        description="The 6-digit code the app shows for this service.",
        widget=GovTextInput(),
        validators=[
            DataRequired(message="Enter the 6-digit code from your authenticator app"),
            Length(max=40, message="Enter the 6-digit code from your authenticator app"),
        ],
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        "Current password",
        widget=GovPasswordInput(),
        validators=[
            DataRequired(message="Enter your current password"),
            Length(max=MAX_LENGTH * 4, message="Your current password is not right"),
        ],
    )
    new_password = PasswordField(
        "New password",
        description=(
            f"At least {MIN_LENGTH} characters, without your name or email address. {HINT}"
        ),
        widget=GovPasswordInput(),
        validators=[DataRequired(message="Enter a new password")],
    )
    submit = SubmitField("Change password", widget=GovSubmitInput())


class ConfirmPasswordForm(FlaskForm):
    """For changes that need the person to prove it is them: their current password."""

    password = PasswordField(
        "Your password",
        widget=GovPasswordInput(),
        validators=[
            DataRequired(message="Enter your password"),
            Length(max=MAX_LENGTH * 4, message="Your password is not right"),
        ],
    )
    submit = SubmitField("Turn off", widget=GovSubmitInput())


class EmptyForm(FlaskForm):
    """For buttons that only POST: the CSRF token is the whole form."""


class ForgottenPasswordForm(FlaskForm):
    email = EmailField(
        "Email address",
        description="The email address you sign in with.",
        widget=GovTextInput(),
        validators=[
            DataRequired(message="Enter your email address"),
            Length(max=EMAIL_LENGTH, message="Enter your email address"),
        ],
    )
    submit = SubmitField("Send me a link", widget=GovSubmitInput())


class SetPasswordForm(FlaskForm):
    new_password = PasswordField(
        "New password",
        description=(
            f"At least {MIN_LENGTH} characters, without your name or email address. {HINT}"
        ),
        widget=GovPasswordInput(),
        validators=[
            DataRequired(message="Enter a new password"),
            Length(max=MAX_LENGTH * 4, message=f"Enter {MAX_LENGTH} characters or fewer"),
        ],
    )
    submit = SubmitField("Set password", widget=GovSubmitInput())


class ProfessionForm(FlaskForm):
    profession = RadioField(
        "What is your profession?",
        choices=[SelectChoice(str(p), PROFESSION_LABELS[p]) for p in Profession],
        widget=GovRadioInput(),
        validators=[
            InputRequired(message="Choose your profession"),
            AnyOf([str(p) for p in Profession], message="Choose your profession from the list"),
        ],
        validate_choice=False,
        description="Your quiz asks questions written for your profession first, then for "
        "professions close to it.",
    )
    submit = SubmitField("Save", widget=GovSubmitInput())
