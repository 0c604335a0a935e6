"""Sign-in forms (portal and Wagtail admin): a refused sign-in says why and what to do."""

from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from wagtail.admin.forms.auth import LoginForm

from . import refusals


class RefusalMessageMixin:
    def get_invalid_login_error(self):
        message = refusals.message_for(self.request)
        if message:
            return ValidationError(message, code="refused")
        return super().get_invalid_login_error()


class SignInForm(RefusalMessageMixin, AuthenticationForm):
    pass


class AdminSignInForm(RefusalMessageMixin, LoginForm):
    pass
