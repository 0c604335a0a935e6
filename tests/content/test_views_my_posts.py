"""'My posts': a signed-in employee's posts with duties, procedures, regulations and certifications."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from content.services.assignments import assign_post
from tests.factories import content as f
from tests.factories.people import EmployeeFactory

pytestmark = pytest.mark.django_db


def my_posts_url(language="zh-hans"):
    with translation.override(language):
        return reverse("content:my_posts")


@pytest.fixture
def setup():
    dept = f.department()
    index = f.regulation_index()
    reg = f.simple_regulation(index, n_articles=6, title="电子银行业务管理办法")
    proc = f.procedure(dept, title="网银开户操作规程")
    ds = f.duty_set(code="ATM", name="ATM业务职责", duties=["ATM加钞"])
    post = f.post(dept, title="综合业务岗", code="EB-GEN", duties=["办理网银签约"], certifications=["柜员资格证"])
    f.link_procedure(post, proc)
    f.link_duty_set(post, ds)
    f.link_regulation(post, reg, article=reg.articles.get(number=5), level="apply")
    post = f.publish(post)
    other = f.post(dept, title="客户经理岗", code="EB-CM", duties=["维护客户关系"])
    not_mine = f.post(dept, title="系统管理岗", code="EB-SYS", duties=["管理系统参数"])
    employee = EmployeeFactory(name="王芳")
    assign_post(employee, post)
    assign_post(employee, other)
    return {"employee": employee, "post": post, "other": other, "not_mine": not_mine, "reg": reg, "proc": proc}


def test_requires_login(client):
    url = my_posts_url()
    assert url == "/zh-hans/my/posts/"
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/" in response["Location"] or "login" in response["Location"]


def test_shows_the_employees_posts_in_one_place(client, setup):
    client.force_login(setup["employee"].user)
    html = client.get(my_posts_url()).content.decode()
    for text in ["王芳", "综合业务岗", "客户经理岗", "办理网银签约", "维护客户关系", "ATM业务职责", "ATM加钞",
                 "网银开户操作规程", "电子银行业务管理办法", "柜员资格证", "level--apply"]:
        assert text in html, text
    assert f'href="{setup["reg"].url}#article-5">第五条</a>' in html
    assert "系统管理岗" not in html


def test_shows_english_versions_when_they_exist(client, setup):
    f.translate(setup["post"].get_parent(), title="E-banking")
    f.translate(setup["post"], title="General business post")
    en_reg = f.translate(setup["reg"], title="Measures for E-banking")
    client.force_login(setup["employee"].user)
    html = client.get(my_posts_url("en")).content.decode()
    assert "General business post" in html
    assert "客户经理岗" in html  # not translated: the Chinese page stands in
    assert f'href="{en_reg.url}#article-5">Article 5</a>' in html


def test_query_count_does_not_grow_with_posts(client, setup):
    client.force_login(setup["employee"].user)
    url = my_posts_url()
    client.get(url)
    with CaptureQueriesContext(connection) as two:
        client.get(url)
    dept = setup["post"].get_parent()
    for i in range(5):
        extra = f.post(dept, title=f"岗位{i}", code=f"X{i}", duties=["甲", "乙"], certifications=["证"])
        f.link_procedure(extra, setup["proc"])
        f.link_regulation(extra, setup["reg"], article=setup["reg"].articles.get(number=i + 1))
        extra = f.publish(extra)
        assign_post(setup["employee"], extra)
    with CaptureQueriesContext(connection) as seven:
        response = client.get(url)
    assert "岗位4" in response.content.decode()
    assert len(seven.captured_queries) == len(two.captured_queries)


def test_user_without_employee_record_gets_a_message(client):
    user = get_user_model().objects.create_user("visitor")
    client.force_login(user)
    response = client.get(my_posts_url())
    assert response.status_code == 200
    assert f.ui("Your account is not linked to an employee record. Please contact HR.") in response.content.decode()


def test_employee_without_posts_gets_a_message(client):
    employee = EmployeeFactory()
    client.force_login(employee.user)
    assert f.ui("You have not been assigned to a post yet.") in client.get(my_posts_url()).content.decode()
