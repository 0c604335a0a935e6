"""Issue 13, item 3: a proxy's forwarded-address header counts only with a configured number of trusted
proxies, read rightmost-first; a client's forged leftmost entry never becomes its address (the exam room's
subnet rule and evidence, the verification page's rate limit, sign-in lockouts)."""

import pytest
from django.conf import settings
from django.test import RequestFactory, override_settings
from django.urls import reverse

from portal.core.net import client_address, forwarded_address
from portal.people.roles import EMPLOYEE
from quizzes.exams.models import Attempt, AttemptStatus
from tests.factories.exams import machine_marked_exam
from tests.factories.people import user_with_role

BEHIND_ONE_PROXY = {"PORTAL_CLIENT_IP_HEADER": "HTTP_X_FORWARDED_FOR", "PORTAL_TRUSTED_PROXIES": 1}
FORGED = "10.20.1.1, 172.16.5.9"  # the client wrote "10.20.1.1"; the proxy appended the address it saw


def _request(remote="192.168.0.2", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@override_settings(**BEHIND_ONE_PROXY)
def test_behind_one_trusted_proxy_the_rightmost_forwarded_entry_is_the_client():
    assert client_address(_request(forwarded=FORGED)) == "172.16.5.9"


@override_settings(PORTAL_CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR", PORTAL_TRUSTED_PROXIES=2)
def test_behind_two_trusted_proxies_the_second_entry_from_the_right_is_the_client():
    assert client_address(_request(forwarded="10.20.1.1, 172.16.5.9, 10.0.0.1")) == "172.16.5.9"


@override_settings(PORTAL_CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR", PORTAL_TRUSTED_PROXIES=0)
def test_without_a_number_of_trusted_proxies_the_header_is_ignored():
    assert client_address(_request(forwarded="10.20.1.1")) == "192.168.0.2"


@override_settings(PORTAL_CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR", PORTAL_TRUSTED_PROXIES=3)
def test_a_header_shorter_than_the_proxy_chain_falls_back_to_the_connection_address():
    assert client_address(_request(forwarded="10.20.1.1, 172.16.5.9")) == "192.168.0.2"


@override_settings(**BEHIND_ONE_PROXY)
def test_a_forwarded_entry_that_is_not_an_address_falls_back_to_the_connection_address():
    assert client_address(_request(forwarded="10.20.1.1, <script>")) == "192.168.0.2"


def test_the_default_settings_ignore_the_forwarded_header():
    assert settings.PORTAL_TRUSTED_PROXIES == 0
    assert client_address(_request(forwarded="10.20.1.1")) == "192.168.0.2"


def test_forwarded_address_reads_ipv6_entries():
    assert forwarded_address("10.20.1.1, 2001:db8::7", 1) == "2001:db8::7"


def test_sign_in_lockouts_count_by_the_same_address():
    assert settings.AXES_CLIENT_IP_CALLABLE == "portal.core.net.client_address"


# --- the rules that depend on the address, end to end --------------------------------------------------


@pytest.mark.django_db
@override_settings(**BEHIND_ONE_PROXY)
def test_a_forged_leftmost_address_does_not_pass_an_exam_rooms_subnet_rule(client):
    user = user_with_role(EMPLOYEE, username="cand_fwd", employee=True)
    sitting, _ = machine_marked_exam(employees=[user.employee], allowed_networks="10.20.1.0/24")
    client.force_login(user)

    response = client.post(reverse("exams:sitting", args=[sitting.pk]), HTTP_X_FORWARDED_FOR=FORGED)

    assert response.status_code != 302
    assert not Attempt.objects.filter(sitting=sitting).exists()


@pytest.mark.django_db
@override_settings(**BEHIND_ONE_PROXY)
def test_an_exam_room_address_appended_by_the_proxy_starts_the_attempt_and_is_recorded(client):
    user = user_with_role(EMPLOYEE, username="cand_room", employee=True)
    sitting, _ = machine_marked_exam(employees=[user.employee], allowed_networks="10.20.1.0/24")
    client.force_login(user)

    response = client.post(reverse("exams:sitting", args=[sitting.pk]), HTTP_X_FORWARDED_FOR="8.8.8.8, 10.20.1.7")

    assert response.status_code == 302
    assert Attempt.objects.get(sitting=sitting, status=AttemptStatus.IN_PROGRESS).ip_address == "10.20.1.7"


@pytest.mark.django_db
@override_settings(PORTAL_CERTIFICATE_VERIFY_RATE=(3, 60), **BEHIND_ONE_PROXY)
def test_a_forged_leftmost_address_does_not_reset_the_verification_rate_limit(client):
    url = "/zh-hans/verify/not-a-token/"
    statuses = [
        client.get(url, HTTP_X_FORWARDED_FOR=f"10.99.0.{n}, 172.16.5.9").status_code for n in range(4)
    ]
    assert statuses[-1] == 429
    assert 429 not in statuses[:3]
