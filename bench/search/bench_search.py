"""Search benchmark: index build time, query latency against the bare FTS engine, and recall.

    .venv/bin/python bench/search/bench_search.py                      # SQLite (throwaway test database)
    tests/tools/with_postgres.sh .venv/bin/python bench/search/bench_search.py   # PostgreSQL
    ELASTICSEARCH_URL=http://… .venv/bin/python bench/search/bench_search.py     # + Elasticsearch

**Corpus.** ≥ 20,000 regulation articles synthesised from the demo content (``content/demo/data``): the
demo regulations (parsed into articles), post duties and summaries, duty sets, procedure steps and
manual paragraphs are cut into sentences, and every synthetic article recombines 2–5 of them under a
regulation title and a chapter heading taken from the same pool (fixed seed: the same corpus every run).
One article in ten is English (the demo's English texts).

**Queries.** ≥ 200: two-character words (柜员, 复核, 网银 …), longer words, two-word queries, the same
words in Traditional characters, English words. Each is run

* through the portal (``service.run_search``: parsing, synonyms, counts per type, the ranked page of 20,
  highlighted snippets) — what the search page costs;
* through the backend only (parsing + the engine's ranked page and counts, no snippets);
* directly against the underlying FTS engine as the floor: the same tokens, pre-rendered, in one bare
  ``MATCH … ORDER BY rank LIMIT 20`` (SQLite) / ``@@ to_tsquery … ORDER BY ts_rank LIMIT 20``
  (PostgreSQL) / ``multi_match`` phrase query (Elasticsearch);

and p50/p95 and the ratio to the floor are printed.

**Recall.** The labelled set: for every query, the articles that truly contain it, found by brute force
on the normalised text (every word of the query as a substring, Traditional → Simplified; English words
by stem). Recall = share of those the engine returns (all results, not one page); precision is printed
too. On SQLite the stock FTS5 tokenizers (``unicode61`` and ``trigram`` over the raw text, what Wagtail's
database backend does) are measured on the same labels for contrast.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

DATA = ROOT / "content" / "demo" / "data"

TWO_CHAR_WORDS = """柜员 复核 网银 授权 账户 风险 客户 业务 管理 密码 凭证 现金 签约 开户 销户 审批 登记 核对 核实 身份
证件 营业 网点 系统 数据 安全 监管 制度 规定 岗位 职责 考核 培训 检查 报告 应急 故障 备份 交易 支付 转账 结算 资金 手续
档案 保密 信息 设备 终端 商户 收单 银行 手机 电话 渠道 产品 营销 服务 投诉 咨询 流程 操作 审核 复查 监督 稽核 合规 法律 法规
责任 处罚 违规 差错 重要 空白 印章 钥匙 密钥 证书 口令 权限 用户 机构 部门 领导 主管 经理 人员 员工 外包 合同 协议 费用 收费""".split()
LONGER_WORDS = """网上银行 手机银行 电子银行 反洗钱 身份证件 双人复核 营业执照 风险管理 客户服务 应急预案 操作规程 授权委托书
法定代表人 电子渠道 数字证书 业务连续性 信息安全 重要空白凭证 签约资料 风险提示 电话核实 认证工具 资料归档 系统运行
监管机构 业务发展 岗位职责 柜面业务 现金管理 账户管理 交易监控 异常交易 客户投诉 密码重置 网点负责人 业务检查 年度计划
内部控制 安全检查 技术支持""".split()
ENGLISH_WORDS = """customer customers risk management banking electronic authentication procedure outlet account
accounts department security business identity verification duties office supervision operations services
signing approval""".split()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


# ------------------------------------------------------------------------------------ corpus


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[。；！？;.!?])\s*|\n+", text or "") if len(s.strip()) >= 6]


def sentence_pools() -> tuple[list[str], list[str], list[str], list[str]]:
    """(Chinese sentences, English sentences, regulation-like titles, chapter headings) from the demo data."""
    from content.regulations.parser import parse_regulation

    zh, en, titles, headings = [], [], [], []
    for reg in json.loads((DATA / "regulations.json").read_text(encoding="utf-8")):
        titles.append(reg["title"])
        parsed = parse_regulation((DATA / reg["file"]).read_text(encoding="utf-8"), title=reg["title"])
        headings.extend(f"第{c.number}章 {c.title}" for c in parsed.chapters)
        for article in parsed.articles:
            zh.extend(_sentences(article.text))
        if reg.get("english_file"):
            en.extend(_sentences((DATA / reg["english_file"]).read_text(encoding="utf-8")))
    posts = json.loads((DATA / "posts.json").read_text(encoding="utf-8"))
    for post in posts["posts"]:
        titles.append(post["title"] + "管理办法")
        zh.extend(s for t in [post.get("summary", "")] + post.get("duties", []) + post.get("requirements", [])
                  for s in _sentences(t))
        en.extend(s for t in [post.get("summary_en", "")] + post.get("duties_en", []) for s in _sentences(t))
    for duty_set in posts["duty_sets"]:
        headings.append(duty_set["name"])
        zh.extend(s for t in duty_set.get("duties", []) for s in _sentences(t))
    for procedure in json.loads((DATA / "procedures.json").read_text(encoding="utf-8")):
        titles.append(procedure["title"])
        zh.extend(s for step in procedure.get("steps", []) for s in _sentences(step.get("text", "")))
        en.extend(_sentences(procedure.get("summary_en", "")))
    for manual in json.loads((DATA / "manuals.json").read_text(encoding="utf-8"))["manuals"]:
        titles.append(manual["title"])
        for section in manual.get("sections", []):
            headings.append(section["heading"])
            zh.extend(s for p in section.get("paragraphs", []) for s in _sentences(p))
            en.extend(s for p in section.get("paragraphs_en", []) for s in _sentences(p))
    return sorted(set(zh)), sorted(set(en)), sorted(set(titles)), sorted(set(headings))


def build_corpus(n_articles: int, seed: int = 20061):
    from portal.search.documents import KIND_REGULATION, SearchDocument

    zh, en, titles, headings = sentence_pools()
    rng = random.Random(seed)
    documents = []
    for i in range(n_articles):
        english = i % 10 == 9
        pool = en if english else zh
        title = rng.choice(titles)
        number = rng.randint(1, 120)
        label = f"Article {number}" if english else f"第{number}条"
        documents.append(
            SearchDocument(
                key=f"bench:{i}",
                group=f"bench:{i // 40}",
                kind=KIND_REGULATION,
                language="en" if english else "zh-hans",
                title=f"{title}, {label}" if english else f"《{title}》{label}",
                title_terms=label,
                url=f"/bench/{i // 40}/#article-{number}",
                headings=f"{title}\n{rng.choice(headings)}",
                body="".join(rng.sample(pool, rng.randint(2, 5))) if not english
                else " ".join(rng.sample(pool, rng.randint(2, 5))),
                status=rng.choice(["in_force", "in_force", "in_force", "superseded"]),
            )
        )
    return documents, (len(zh), len(en), len(titles), len(headings))


def build_queries(documents, minimum: int) -> list[str]:
    import opencc

    s2t = opencc.OpenCC("s2t")
    text = "\n".join(d.body + d.headings for d in documents[:3000])
    present = [w for w in TWO_CHAR_WORDS if w in text]
    longer = [w for w in LONGER_WORDS if w in text]
    english = [w for w in ENGLISH_WORDS if w in text.lower()] or ENGLISH_WORDS
    rng = random.Random(7)
    pairs = [f"{a} {b}" for a, b in zip(rng.sample(present, 30), rng.sample(present, 30), strict=True) if a != b]
    traditional = [t for t in (s2t.convert(w) for w in present[:25] + longer[:10]) if t not in present]
    queries = present + longer + pairs + traditional + english + [f"{a} {b}" for a, b in zip(english, english[1:], strict=False)][:10]
    while len(queries) < minimum:
        queries.append(f"{rng.choice(present)} {rng.choice(longer)}")
    return queries


# ------------------------------------------------------------------------------------ oracle


class Oracle:
    """Brute-force relevance: the articles that truly contain every word of a query (the labels)."""

    def __init__(self, documents):
        from portal.search.analysis import analyze, normalize

        self.texts = [(d.key, normalize(f"{d.indexed_title}\n{d.headings}\n{d.body}")) for d in documents]
        self.tokens = {key: set(analyze(text)) for key, text in self.texts}

    def relevant(self, query: str) -> set[str]:
        from portal.search.query import parse_query

        needed = [clause.alternatives[0] for clause in parse_query(query).positive]
        chinese = [p.text for p in needed if re.search(r"[\u3400-\u9fff]", p.text)]
        other = set().union(*(set(p.tokens) for p in needed if not re.search(r"[\u3400-\u9fff]", p.text)))
        return {
            key for key, text in self.texts
            if all(word in text for word in chinese) and other <= self.tokens[key]
        }


# ------------------------------------------------------------------------------------ floors


def floor_runner(engine_name: str, backend):
    """A function running one pre-rendered query on the bare engine (top 20 ids), and its renderer."""
    from django.db import connection

    if engine_name == "sqlite":
        from portal.search.backends.database import FTS_TABLE, fts_expression

        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s ORDER BY rank LIMIT 20"

        def run(rendered):
            with connection.cursor() as cursor:
                cursor.execute(sql, [rendered])
                return cursor.fetchall()

        return fts_expression, run
    if engine_name == "postgresql":
        from portal.search.backends.database import TABLE, ts_expression

        sql = (
            f"SELECT id FROM {TABLE} WHERE search_vector @@ to_tsquery('simple', %s) "
            f"ORDER BY ts_rank(search_vector, to_tsquery('simple', %s)) DESC LIMIT 20"
        )

        def run(rendered):
            with connection.cursor() as cursor:
                cursor.execute(sql, [rendered, rendered])
                return cursor.fetchall()

        return ts_expression, run
    from portal.search.backends.elasticsearch import SEARCH_FIELDS, alias_name, languages

    index = ",".join(alias_name(lang) for lang in languages())

    def render(parsed):
        return {"bool": {"must": [
            {"bool": {"should": [{"multi_match": {"query": p.text, "type": "phrase", "fields": SEARCH_FIELDS}}
                                 for p in c.alternatives]}}
            for c in parsed.positive
        ]}}

    def run(rendered):
        return backend.client.search(index=index, query=rendered, size=20, source=False)

    return render, run


def stock_fts_recall(documents, queries, labels) -> dict[str, float]:
    """SQLite FTS5 with its own tokenizers over the raw text (what Wagtail's database backend does)."""
    import sqlite3

    results = {}
    for tokenizer in ("unicode61", "trigram"):
        db = sqlite3.connect(":memory:")
        db.execute(f"CREATE VIRTUAL TABLE t USING fts5(key UNINDEXED, body, tokenize='{tokenizer}')")
        db.executemany(
            "INSERT INTO t VALUES (?, ?)",
            [(d.key, f"{d.indexed_title}\n{d.headings}\n{d.body}") for d in documents],
        )
        found = relevant = 0
        for query in queries:
            words = [w.replace('"', "") for w in query.split() if w.strip()]
            expression = " AND ".join(f'"{w}"' for w in words)
            try:
                keys = {row[0] for row in db.execute("SELECT key FROM t WHERE t MATCH ?", [expression])}
            except sqlite3.OperationalError:
                keys = set()
            found += len(keys & labels[query])
            relevant += len(labels[query])
        results[tokenizer] = found / relevant if relevant else 0.0
        db.close()
    return results


# ------------------------------------------------------------------------------------ main


def backend_page(backend, query, synonyms, filters):
    from portal.search.query import parse_query

    return backend.search(parse_query(query, synonyms), filters, 0, 20)


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return (time.perf_counter() - started) * 1000, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=200, help="at least this many queries")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per query (the median is kept)")
    parser.add_argument("--latency-only", action="store_true",
                        help="skip the recall labels and measurements (latency figures only)")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import override_settings

    from portal.search.backends import SearchFilters, get_backend
    from portal.search.models import load_synonyms
    from portal.search.query import parse_query
    from portal.search.service import run_search

    print(f"Setting up a test database on {connection.vendor} …", flush=True)
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        print("Synthesising the corpus from content/demo/data …", flush=True)
        documents, pools = build_corpus(args.articles)
        print(f"  {len(documents):,} articles from {pools[0]:,} Chinese and {pools[1]:,} English sentences, "
              f"{pools[2]} titles, {pools[3]} headings")
        queries = build_queries(documents, args.queries)
        print(f"  {len(queries)} queries; labelling them by brute force …", flush=True)
        labels = {q: set() for q in queries}
        if not args.latency_only:
            oracle = Oracle(documents)
            labels = {q: oracle.relevant(q) for q in queries}

        engines = ["database"] + (["elasticsearch"] if os.environ.get("ELASTICSEARCH_URL") else [])
        for setting in engines:
            search_settings = {"BACKEND": setting, "AUTO_UPDATE": False, "ELASTICSEARCH_INDEX_PREFIX": "portal-bench"}
            es_url = os.environ.get("ELASTICSEARCH_URL", "") if setting == "elasticsearch" else ""
            with override_settings(PORTAL_SEARCH=search_settings, ELASTICSEARCH_URL=es_url):
                backend = get_backend(setting)
                name = backend.name
                print(f"\n== {name} ==", flush=True)
                build_ms, count = timed(backend.rebuild, iter(documents))
                print(f"index build: {count:,} documents in {build_ms / 1000:.1f} s "
                      f"({count / (build_ms / 1000):,.0f} documents/s)", flush=True)

                render, floor = floor_runner(name, backend)
                synonyms = load_synonyms()
                parsed = {q: parse_query(q, synonyms) for q in queries}
                rendered = {q: render(parsed[q]) for q in queries}
                every = SearchFilters()
                # warm up caches (statement cache, page cache) once
                for q in queries[:20]:
                    floor(rendered[q])
                    run_search(q, suggest=False)

                portal_ms, backend_ms, floor_ms = [], [], []
                found = relevant = returned = 0
                for q in queries:
                    portal_ms.append(statistics.median(timed(run_search, q, suggest=False)[0] for _ in range(args.repeat)))
                    backend_ms.append(statistics.median(
                        timed(backend_page, backend, q, synonyms, every)[0]
                        for _ in range(args.repeat)
                    ))
                    floor_ms.append(statistics.median(timed(floor, rendered[q])[0] for _ in range(args.repeat)))
                    if args.latency_only:
                        continue
                    keys = {h.key for h in backend.search(parsed[q], every, 0, 100_000).hits}
                    found += len(keys & labels[q])
                    relevant += len(labels[q])
                    returned += len(keys)
                recall = found / relevant if relevant else 0.0
                precision = found / returned if returned else 0.0
                f50, f95 = percentile(floor_ms, 0.5), percentile(floor_ms, 0.95)
                for label, values in (("portal (page + snippets)", portal_ms), ("backend (ranked page)", backend_ms),
                                      ("FTS engine floor", floor_ms)):
                    p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
                    print(f"{label:26} p50 {p50:7.2f} ms  p95 {p95:7.2f} ms   ×floor p50 {p50 / f50:5.1f}  p95 {p95 / f95:5.1f}")
                if not args.latency_only:
                    print(f"recall {recall:.1%} of {relevant:,} labelled relevant results over {len(queries)} queries; "
                          f"precision {precision:.1%}")
                if setting == "elasticsearch":
                    backend.drop_all()

        if connection.vendor == "sqlite" and not args.latency_only:
            print("\n== stock SQLite FTS5 over the raw text (for contrast; same labels) ==", flush=True)
            for tokenizer, value in stock_fts_recall(documents, queries, labels).items():
                print(f"recall with tokenize='{tokenizer}': {value:.1%}")
        print(f"\nSQLite {__import__('sqlite3').sqlite_version}; Python {sys.version.split()[0]}; "
              f"settings {settings.SETTINGS_MODULE}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
