"""Access rules of a proctored room: the allowed network ranges and the sitting password."""

from __future__ import annotations

import hmac
import ipaddress


def parse_networks(text: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """The networks listed one per line (or separated by commas); ValueError names the first bad entry."""
    networks = []
    for raw in (text or "").replace(",", "\n").splitlines():
        entry = raw.split("#", 1)[0].strip()
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ValueError(entry) from None
    return networks


def address_allowed(address: str | None, networks_text: str) -> bool:
    """True when no range is set, or ``address`` lies in one of them."""
    networks = parse_networks(networks_text)
    if not networks:
        return True
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return False
    if getattr(ip, "ipv4_mapped", None):
        ip = ip.ipv4_mapped
    return any(ip in network for network in networks if network.version == ip.version)


def password_matches(given: str | None, expected: str) -> bool:
    """True when no password is set, or ``given`` equals it (compared in constant time, spaces trimmed)."""
    if not expected:
        return True
    return hmac.compare_digest((given or "").strip().encode("utf-8"), expected.strip().encode("utf-8"))
