"""Search results say where a page sits in the bank: two branches' 电子银行部 can be told apart."""

import pytest
from django.utils import translation

from portal.search.documents import page_documents
from tests.factories import content as f
from tests.factories.people import OrgUnitFactory

pytestmark = [pytest.mark.indexing, pytest.mark.django_db]


def _context(page):
    with translation.override("zh-hans"):
        return page_documents(page)[0].context


def test_two_departments_of_the_same_name_show_their_branch(org_tree):
    branch_dept = OrgUnitFactory(parent=org_tree["BR01"], code="BR01-EB", name="电子银行部", name_en="E-banking")
    head_office = f.department(title="电子银行部", org_unit=org_tree["HO-EB"])
    branch = f.department(title="电子银行部", org_unit=branch_dept)

    assert _context(branch) == "城区支行"
    assert _context(head_office) == "省联社"


def test_a_post_shows_the_path_to_its_department_without_the_root(org_tree):
    dept = f.department(title="电子银行部", org_unit=org_tree["HO-EB-CS"])
    post = f.post(dept, title="网银业务岗")

    assert _context(post) == "电子银行部 › 客户服务中心"
