"""Shared fixtures. Keep this file small: app-specific fixtures belong in that app's test folder."""

import pytest
from django.conf import settings as django_settings
from django.utils import translation
from wagtail.signal_handlers import reference_index_auto_update_disabled

from portal.people.models import OrgUnit
from portal.people.roles import ADMINISTRATOR, COMPLIANCE_REVIEWER, EDITOR, EMPLOYEE, EXAMINER, HR
from tests.factories.people import OrgUnitFactory, user_with_role


@pytest.fixture(autouse=True)
def _portal_language():
    """Each test starts in the portal's language: a request through a middleware that activates a language (the
    admin's, the URL's) leaves it active in the test's thread, and ``reverse`` would then build the next
    test's URLs in it."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (Wagtail caches site root paths, rate limits count hits)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _indexes_follow_saves_only_when_tested(request, settings):
    """The three indexes that follow every save (the portal's search index, Wagtail's admin search index and
    its reference index) run inside the save with the test settings' immediate tasks: most of what building
    a page costs in a test. They follow saves only in tests marked ``indexing`` (every test of search,
    admin search, usage counts and what links where); elsewhere they stay still, as with a paused worker.
    """
    if request.node.get_closest_marker("indexing"):
        yield
        return
    settings.PORTAL_SEARCH = {**getattr(settings, "PORTAL_SEARCH", {}), "AUTO_UPDATE": False}
    settings.WAGTAILSEARCH_BACKENDS = {
        name: {**params, "AUTO_UPDATE": False} for name, params in settings.WAGTAILSEARCH_BACKENDS.items()
    }
    # Wagtail's disable_reference_index_auto_update() is not reentrant (load_demo uses it inside tests)
    reference_index_auto_update_disabled.value = True
    yield
    if hasattr(reference_index_auto_update_disabled, "value"):
        del reference_index_auto_update_disabled.value


@pytest.fixture
def org_tree(db):
    """A small bank: head office with a department and its sub-unit, a branch with an outlet.

    Returned as a dict by code: HO, HO-EB (电子银行部), HO-EB-CS (客户服务中心), BR01, BR01-01.
    """
    head = OrgUnitFactory(code="HO", name="省联社", name_en="Provincial union", kind=OrgUnit.Kind.HEAD_OFFICE)
    dept = OrgUnitFactory(
        parent=head, code="HO-EB", name="电子银行部", name_en="E-banking Dept.", kind=OrgUnit.Kind.DEPARTMENT
    )
    sub = OrgUnitFactory(
        parent=dept,
        code="HO-EB-CS",
        name="客户服务中心",
        name_en="Customer service",
        kind=OrgUnit.Kind.SUB_UNIT,
    )
    branch = OrgUnitFactory(
        parent=head, code="BR01", name="城区支行", name_en="City branch", kind=OrgUnit.Kind.BRANCH
    )
    outlet = OrgUnitFactory(
        parent=branch, code="BR01-01", name="东街网点", name_en="East St. outlet", kind=OrgUnit.Kind.OUTLET
    )
    return {u.code: OrgUnit.objects.get(pk=u.pk) for u in (head, dept, sub, branch, outlet)}


@pytest.fixture
def employee_user(db):
    return user_with_role(EMPLOYEE, username="emp_user", employee=True)


@pytest.fixture
def hr_user(db):
    return user_with_role(HR, username="hr_user")


@pytest.fixture
def editor_user(db):
    return user_with_role(EDITOR, username="editor_user")


@pytest.fixture
def examiner_user(db):
    return user_with_role(EXAMINER, username="examiner_user")


@pytest.fixture
def reviewer_user(db):
    return user_with_role(COMPLIANCE_REVIEWER, username="reviewer_user")


@pytest.fixture
def admin_user_role(db):
    """A user in the Administrator role group (not a Django superuser)."""
    return user_with_role(ADMINISTRATOR, username="admin_role_user")
