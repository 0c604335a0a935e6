"""Search fixtures: the engine under test and a small bilingual corpus built through real publishing.

``engine`` is parametrised: the database engine always (SQLite or PostgreSQL, whichever the test database
is: ``make test`` runs the suite once on each), Elasticsearch when ELASTICSEARCH_URL is set.
"""

from __future__ import annotations

import os
import uuid

import pytest
from django.db import connection

from portal.search.models import Synonym
from tests.factories import content as cf

DATABASE_ENGINE = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
ES_URL = os.environ.get("ELASTICSEARCH_URL", "")

ENGINES = [
    pytest.param("database", id=DATABASE_ENGINE),
    pytest.param(
        "elasticsearch",
        id="elasticsearch",
        marks=[
            pytest.mark.elasticsearch,
            pytest.mark.skipif(not ES_URL, reason="ELASTICSEARCH_URL is not set: no Elasticsearch server to test"),
        ],
    ),
]


@pytest.fixture(params=ENGINES)
def engine(request, settings, db):
    """Configure the engine that answers searches; yields its name."""
    name = request.param
    if name == "elasticsearch":
        settings.ELASTICSEARCH_URL = ES_URL
        settings.PORTAL_SEARCH = {
            "BACKEND": "elasticsearch",
            "ELASTICSEARCH_INDEX_PREFIX": f"portal-test-{uuid.uuid4().hex[:8]}",
        }
        from portal.search.backends.elasticsearch import ElasticsearchBackend

        backend = ElasticsearchBackend()
        backend.ensure_indices()
        yield name
        backend.drop_all()
    else:
        settings.ELASTICSEARCH_URL = ""
        settings.PORTAL_SEARCH = {"BACKEND": "database"}
        assert connection.vendor in ("sqlite", "postgresql")
        yield name


TELLER_DUTY = "负责临柜业务的受理，柜员应当对客户身份进行核实，并交由主管复核。"


@pytest.fixture
def corpus(engine, org_tree):
    """A department with posts, a procedure and a manual, two regulations (one superseded), an English
    translation; everything published through revisions, so the index is filled by the signal handlers."""
    dept = cf.department(title="电子银行部", intro="负责全行电子银行业务的经营管理。")
    ops = cf.department(title="运营管理部", intro="负责运营管理与会计核算。")
    teller = cf.post(
        dept,
        title="综合柜员岗",
        summary="办理日常柜面业务。",
        duties=[TELLER_DUTY, "每日营业终了核对现金、重要空白凭证。"],
        requirements=["具有三年以上银行工作经验"],
    )
    reviewer = cf.post(
        dept,
        title="网银业务复核岗",
        summary="对网上银行业务进行复核。",
        duties=["对企业网银开户资料进行复核，确保资料真实完整。"],
    )
    authoriser = cf.post(ops, title="授权管理岗", summary="负责业务授权。", duties=["审批大额业务。"])
    procedure = cf.procedure(
        dept,
        title="企业网上银行开户操作规程",
        summary="企业客户开通网上银行的步骤。",
        steps=[
            {"text": "受理客户申请，核对营业执照。", "post": teller},
            {"text": "双人复核开户资料后录入系统。", "post": reviewer, "forms": "网上银行开户申请表"},
        ],
    )
    manual = cf.manual(
        dept,
        title="ATM机日常维护手册",
        summary="自助设备的日常检查。",
        body=[
            ("heading", {"text": "每日检查", "level": "h2"}),
            ("paragraph", "检查ATM机的钞箱与凭条打印机，双人 复核 后签字。"),
        ],
    )
    index = cf.regulation_index()
    rules = cf.regulation(
        index,
        title="电子银行业务管理办法",
        status="in_force",
        document_number="银监会令2006年第5号",
        chapters=[(1, "总则"), (2, "风险管理")],
        articles=[
            (1, 1, None, "为加强电子银行业务的风险管理，制定本办法。"),
            (2, 1, None, "本办法所称电子银行业务，包括网上银行业务、电话银行业务和手机银行业务。"),
            (5, 2, None, "金融机构应当建立授权管理制度，临柜人员办理业务须经授权。"),
            (6, 2, None, "客户信息应当保密，不得泄露 <script>alert(1)</script> 给第三方。"),
        ],
    )
    old_rules = cf.regulation(
        index,
        title="网银业务暂行规定",
        status="superseded",
        articles=[(1, None, None, "网银业务由电子银行部统一管理，柜面不得代客操作。")],
    )
    cf.link_regulation(teller, rules)
    teller = cf.publish(teller)
    english = cf.translate(
        teller,
        "en",
        title="Teller",
        summary="Tellers serve customers at the counter and their work is reviewed by a supervisor.",
    )
    return {
        "dept": dept,
        "ops": ops,
        "teller": teller,
        "reviewer": reviewer,
        "authoriser": authoriser,
        "procedure": procedure,
        "manual": manual,
        "index": index,
        "rules": rules,
        "old_rules": old_rules,
        "english": english,
    }


@pytest.fixture(autouse=True)
def _fresh_synonym_cache():
    """Test transactions roll back synonym rows, not the cache that holds them."""
    from django.core.cache import cache

    from portal.search.models import SYNONYM_CACHE_KEY

    cache.delete(SYNONYM_CACHE_KEY)
    yield
    cache.delete(SYNONYM_CACHE_KEY)


@pytest.fixture
def synonyms(db):
    Synonym.objects.create(terms="网银, 网上银行")
    Synonym.objects.create(terms="柜员, 临柜人员")
    return Synonym.objects.all()
