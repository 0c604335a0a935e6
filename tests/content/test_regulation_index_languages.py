"""The English list of the bank's rules lists every rule in force: translated ones, and those only in Chinese."""

import pytest

from tests.factories import content as f

pytestmark = pytest.mark.django_db


def test_the_english_index_lists_the_rules_not_yet_translated_marked_as_chinese(client, employee_user):
    index = f.regulation_index(title="本社规章制度")
    translated = f.regulation(index, title="电子银行业务管理办法")
    f.regulation(index, title="柜员管理办法", document_number="X农信联发〔2026〕7号")
    english_index = f.translate(index, "en", title="The bank's own rules")
    f.translate(translated, "en", title="E-banking rules")
    client.force_login(employee_user)

    html = client.get(english_index.url).content.decode()

    assert "E-banking rules" in html and "电子银行业务管理办法" not in html
    assert 'lang="zh-hans">柜员管理办法</a> <span class="badge">Chinese only</span>' in html


def test_the_chinese_index_lists_only_its_own_rules(client, employee_user):
    index = f.regulation_index(title="本社规章制度")
    f.regulation(index, title="柜员管理办法")
    client.force_login(employee_user)

    html = client.get(index.url).content.decode()

    assert "柜员管理办法" in html and "Chinese only" not in html and "仅有中文版" not in html
