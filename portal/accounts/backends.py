"""Authentication backends: the bank's directory first (django-auth-ldap), then local accounts.

``DirectoryBackend`` signs in a directory entry only when its employee-number attribute matches an active
employee in HR's register; the employee's user is linked to the entry on first sign-in and its roles follow
the directory groups of ``LDAP_ROLE_GROUPS`` at every sign-in. Refusals are noted on the request
(``refusals``) so the sign-in form can say what to do.

``LocalAccountBackend`` accepts the account name or the employee number (工号). While a directory is
configured, only break-glass accounts may use a local password.
"""

from __future__ import annotations

import logging

import ldap
from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django_auth_ldap.backend import LDAPBackend

from portal.people.models import Employee

from . import refusals, rules, services

logger = logging.getLogger("portal.accounts")


def directory_enabled() -> bool:
    return bool(getattr(settings, "AUTH_LDAP_SERVER_URI", ""))


def _client_ip(request):
    return request.META.get("REMOTE_ADDR") if request is not None else None


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lock check; a call without a request (a command, the test client's login()) has no
    address to count against and is left to the other backends."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class DirectoryBackend(LDAPBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not directory_enabled() or not username or not password:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

    def authenticate_ldap_user(self, ldap_user, password):
        request = ldap_user._request
        try:
            ldap_user.connection  # noqa: B018 - opens the connection, StartTLS, binds the service account
        except ldap.LDAPError as e:
            logger.error("Directory unreachable at %s: %s", settings.AUTH_LDAP_SERVER_URI, e)
            refusals.note(request, refusals.UNREACHABLE)
            return None
        if ldap_user.dn is None:
            return None  # not in the directory: perhaps a break-glass local account
        if rules.entry_disabled(ldap_user.attrs):
            self._refuse(request, ldap_user, refusals.DISABLED)
            return None
        user = ldap_user.authenticate(password)
        if user is None:
            return None
        try:
            services.link_directory_account(user, ldap_user.dn)
        except services.DirectoryLinkConflict:
            number = rules.first_value(ldap_user.attrs, settings.PORTAL_LDAP_EMPLOYEE_NUMBER_ATTR)
            self._refuse(request, ldap_user, refusals.LINKED_ELSEWHERE, number=number)
            return None
        role_groups = getattr(settings, "PORTAL_LDAP_ROLE_GROUPS", {}) or {}
        if role_groups and settings.AUTH_LDAP_GROUP_SEARCH is not None:
            services.sync_roles_from_groups(user, ldap_user.group_dns, role_groups, ip=_client_ip(request))
        return user

    def get_or_build_user(self, username, ldap_user):
        """The user of the active employee whose number the entry carries; never a new user."""
        number = rules.first_value(ldap_user.attrs, settings.PORTAL_LDAP_EMPLOYEE_NUMBER_ATTR)
        employee = (
            Employee.objects.select_related("user").filter(employee_number__iexact=number).first()
            if number else None
        )
        request = ldap_user._request
        if employee is None:
            self._refuse(request, ldap_user, refusals.NOT_AN_EMPLOYEE, number=number or "—")
            raise ldap_user.AuthenticationFailed("no employee with this number")
        if not employee.is_active or not employee.user.is_active:
            self._refuse(request, ldap_user, refusals.INACTIVE_EMPLOYEE, number=employee.employee_number)
            raise ldap_user.AuthenticationFailed("employee inactive")
        return employee.user, False

    def _refuse(self, request, ldap_user, code, **params):
        refusals.note(request, code, **params)
        logger.warning("Directory sign-in refused for %s (%s): %s", ldap_user._username, ldap_user.dn, code)


class LocalAccountBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = self.find_user(username.strip())
        if user is None:
            get_user_model()().set_password(password)  # same time as a wrong password (no account probing)
            return None
        if not (user.check_password(password) and self.user_can_authenticate(user)):
            return None
        if directory_enabled() and not services.is_break_glass(user):
            refusals.note(request, refusals.LOCAL_PASSWORD_OFF)
            return None
        return user

    @staticmethod
    def find_user(login: str):
        """The user by account name, else by employee number (工号), case-insensitively for the number."""
        User = get_user_model()
        user = User._default_manager.filter(**{User.USERNAME_FIELD: login}).first()
        if user is None and login:
            employee = Employee.objects.select_related("user").filter(employee_number__iexact=login).first()
            user = employee.user if employee is not None else None
        return user

