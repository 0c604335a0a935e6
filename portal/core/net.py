"""The client's address, read in one place for every rule that depends on it (an exam room's subnet,
the verification page's rate limit, evidence rows).

Behind load balancers set ``PORTAL_CLIENT_IP_HEADER`` (e.g. ``"HTTP_X_FORWARDED_FOR"``) **and**
``PORTAL_TRUSTED_PROXIES`` (how many proxies in front of the portal append to that header). The address
is then taken rightmost-first: each trusted proxy appended the address it saw, so the entry
``PORTAL_TRUSTED_PROXIES`` places from the right is the one the outermost trusted proxy received the
connection from; anything to its left was written by the client and may be forged (Django's documentation
on ``X-Forwarded-For`` recommends the same). Without a number of trusted proxies the header is ignored.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _valid(address: str) -> str:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return ""


def forwarded_address(header_value: str, trusted_proxies: int) -> str:
    """The address ``trusted_proxies`` entries from the right of a comma-separated forwarded header,
    or "" when the header is shorter than that or that entry is not an IP address."""
    if trusted_proxies < 1:
        return ""
    entries = [entry.strip() for entry in header_value.split(",") if entry.strip()]
    if len(entries) < trusted_proxies:
        return ""
    return _valid(entries[-trusted_proxies])


def client_address(request) -> str:
    """The client's IP address as the portal trusts it ("" when unknown)."""
    header = getattr(settings, "PORTAL_CLIENT_IP_HEADER", "")
    trusted = int(getattr(settings, "PORTAL_TRUSTED_PROXIES", 0) or 0)
    if header and trusted and request.META.get(header):
        address = forwarded_address(request.META[header], trusted)
        if address:
            return address
    return request.META.get("REMOTE_ADDR", "") or ""
