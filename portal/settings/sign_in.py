"""Staff sign-in, lockout and session policy; imported by base.py so every settings module has them.

Environment:
  LDAP_*                         the bank's directory (see directory.py); unset: local accounts only
  PORTAL_LOGIN_FAILURE_LIMIT     failed sign-ins per account and address before a lock (default 5)
  PORTAL_LOGIN_COOLOFF_MINUTES   how long a lock lasts (default 15)
  PORTAL_SESSION_IDLE_MINUTES    idle time after which a session ends (default 30; never during an exam attempt)
  PORTAL_SESSION_WARNING_MINUTES how long before the idle end a page warns (default 2)
  PORTAL_SESSION_MAX_HOURS       a session's absolute lifetime (default 10)
  PORTAL_SESSION_EXPIRE_AT_BROWSER_CLOSE  1 (default) to end the session when the browser closes
"""

import datetime as dt
import os

from .directory import directory_settings

globals().update(directory_settings(os.environ))

# django-axes first (it refuses locked clients before any password is checked), then the directory, then
# local accounts (by account name or employee number; only break-glass ones while a directory is configured).
AUTHENTICATION_BACKENDS = [
    "portal.accounts.backends.LockoutBackend",
    "portal.accounts.backends.DirectoryBackend",
    "portal.accounts.backends.LocalAccountBackend",
]
SIGN_IN_APPS = ["portal.accounts", "axes"]
SIGN_IN_MIDDLEWARE = [
    "portal.accounts.middleware.IdleSessionMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Brute-force protection: per account *and* address, on the portal's and the admin's sign-in alike.
AXES_FAILURE_LIMIT = int(os.environ.get("PORTAL_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("PORTAL_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "portal.accounts.lockout.lockout_response"
AXES_ENABLE_ADMIN = False  # Administrators use the portal's "Locked sign-ins" view
AXES_USERNAME_CALLABLE = "portal.accounts.lockout.client_username"
AXES_VERBOSE = False

# Sessions: an idle time-out, an absolute lifetime and (by default) the end at browser close.
PORTAL_SESSION_IDLE_MINUTES = int(os.environ.get("PORTAL_SESSION_IDLE_MINUTES", "30"))
PORTAL_SESSION_WARNING_MINUTES = int(os.environ.get("PORTAL_SESSION_WARNING_MINUTES", "2"))
SESSION_COOKIE_AGE = int(os.environ.get("PORTAL_SESSION_MAX_HOURS", "10")) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = os.environ.get("PORTAL_SESSION_EXPIRE_AT_BROWSER_CLOSE", "1") == "1"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Wagtail's admin sign-in shows the same refusal messages as the portal's.
WAGTAILADMIN_USER_LOGIN_FORM = "portal.accounts.forms.AdminSignInForm"
