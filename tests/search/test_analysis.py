"""The analyzer, stemmer, query parser, synonyms and snippets: pure functions, tested as data."""

import pytest

from portal.search.analysis import analyze, index_text, normalize, normalize_aligned, tokenize
from portal.search.highlight import highlight_text, make_snippet
from portal.search.query import (
    MAX_QUERY_LENGTH,
    NOTICE_NOTHING_SEARCHABLE,
    NOTICE_ONLY_EXCLUSIONS,
    NOTICE_TRUNCATED,
    parse_query,
)
from portal.search.stemmer import stem
from portal.search.synonyms import SynonymSet, parse_terms

pytestmark = pytest.mark.indexing

# --- analyzer -------------------------------------------------------------------------------------


def test_chinese_run_becomes_overlapping_bigrams():
    assert analyze("柜员复核") == ["柜员", "员复", "复核"]


def test_single_character_run_is_a_unigram():
    assert analyze("在ATM机上") == ["在", "atm", "机上"]


def test_punctuation_breaks_runs_and_is_never_a_token():
    assert analyze("柜员，复核！") == ["柜员", "复核"]
    assert analyze("“（）【】——……") == []


def test_two_character_word_inside_a_sentence_is_a_token():
    assert "复核" in analyze("对企业网银开户资料进行复核，确保资料真实完整。")
    assert "网银" in analyze("对企业网银开户资料进行复核")
    assert "柜员" in analyze("负责临柜业务的受理，柜员应当对客户身份进行核实")


def test_traditional_full_width_and_case_are_normalised():
    assert normalize("網銀ＡＴＭ") == "网银atm"
    assert analyze("櫃員復核") == analyze("柜员复核")
    assert analyze("ＰＯＳ收單") == ["po", "收单"]


def test_english_words_are_stemmed():
    assert analyze("Tellers reviewing Regulations") == ["teller", "review", "regul"]


def test_mixed_chinese_english_and_digits():
    assert analyze("2006年POS收单业务") == ["2006", "年", "po", "收单", "单业", "业务"]


def test_control_characters_and_overlong_words_are_dropped():
    assert analyze("柜\x00员") == ["柜", "员"]
    assert analyze("a" * 65 + " 复核") == ["复核"]


def test_positions_are_consecutive_for_phrase_matching():
    tokens = tokenize(normalize("双人复核 ok"))
    assert [t.position for t in tokens] == [0, 1, 2, 3]
    assert [(t.start, t.end) for t in tokens[:3]] == [(0, 2), (1, 3), (2, 4)]


def test_index_text_joins_tokens_with_spaces():
    assert index_text("网银", "复核岗位") == "网银 复核 核岗 岗位"


def test_normalize_aligned_maps_back_to_the_original():
    text = "網銀ＡＴＭ"
    norm, offsets = normalize_aligned(text)
    assert norm == "网银atm"
    assert [text[offsets[i]] for i in range(len(norm))] == list(text)


def test_normalize_aligned_with_expanding_characters():
    text = "ﬁ复核"  # NFKC expands the ligature to two letters
    norm, offsets = normalize_aligned(text)
    assert norm == "fi复核"
    assert offsets[:4] == [0, 0, 1, 2]


# --- Porter stemmer (the reference vocabulary) ----------------------------------------------------

PORTER = {
    "caresses": "caress", "ponies": "poni", "ties": "ti", "caress": "caress", "cats": "cat",
    "feed": "feed", "agreed": "agre", "plastered": "plaster", "bled": "bled", "motoring": "motor",
    "sing": "sing", "conflated": "conflat", "troubled": "troubl", "sized": "size", "hopping": "hop",
    "tanned": "tan", "falling": "fall", "hissing": "hiss", "fizzed": "fizz", "failing": "fail",
    "filing": "file", "happy": "happi", "sky": "sky", "relational": "relat", "conditional": "condit",
    "rational": "ration", "valenci": "valenc", "digitizer": "digit", "conformabli": "conform",
    "radicalli": "radic", "differentli": "differ", "vileli": "vile", "analogousli": "analog",
    "vietnamization": "vietnam", "predication": "predic", "operator": "oper", "feudalism": "feudal",
    "decisiveness": "decis", "hopefulness": "hope", "callousness": "callous", "formaliti": "formal",
    "sensitiviti": "sensit", "sensibiliti": "sensibl", "triplicate": "triplic", "formative": "form",
    "formalize": "formal", "electriciti": "electr", "electrical": "electr", "hopeful": "hope",
    "goodness": "good", "revival": "reviv", "allowance": "allow", "inference": "infer", "airliner": "airlin",
    "adjustable": "adjust", "defensible": "defens", "irritant": "irrit", "replacement": "replac",
    "adjustment": "adjust", "dependent": "depend", "adoption": "adopt", "homologou": "homolog",
    "communism": "commun", "activate": "activ", "angulariti": "angular", "homologous": "homolog",
    "effective": "effect", "bowdlerize": "bowdler", "probate": "probat", "rate": "rate", "cease": "ceas",
    "controll": "control", "roll": "roll", "generalizations": "gener", "oscillators": "oscil",
}


@pytest.mark.parametrize(("word", "expected"), sorted(PORTER.items()))
def test_porter_stemmer(word, expected):
    assert stem(word) == expected


def test_stemmer_leaves_short_and_non_ascii_words():
    assert stem("is") == "is"
    assert stem("café") == "café"
    assert stem("2006") == "2006"


# --- query parsing --------------------------------------------------------------------------------


def phrases(parsed):
    return [[(p.tokens, p.prefix) for p in c.alternatives] for c in parsed.clauses]


def test_words_become_clauses_of_bigram_phrases():
    parsed = parse_query("柜员 复核岗位")
    assert phrases(parsed) == [[(("柜员",), False)], [(("复核", "核岗", "岗位"), False)]]
    # The boost phrase joins Chinese words typed apart, as Chinese text writes them.
    assert parsed.boost_phrase.tokens == ("柜员", "员复", "复核", "核岗", "岗位")
    assert parse_query("reviewed tellers").boost_phrase.tokens == ("review", "teller")
    assert parse_query("atm 钞箱").boost_phrase.text == "atm 钞箱"
    assert parse_query("网银").boost_phrase is None


def test_quotes_make_one_phrase_and_unclosed_quotes_run_to_the_end():
    assert phrases(parse_query('"双人 复核"')) == [[(("双人", "复核"), False)]]
    assert phrases(parse_query("“双人复核")) == [[(("双人", "人复", "复核"), False)]]
    assert phrases(parse_query("「网银」")) == [[(("网银",), False)]]


def test_exclusions():
    parsed = parse_query("网银 -柜面 NOT 手机")
    assert [c.negated for c in parsed.clauses] == [False, True, True]
    only = parse_query("-网银")
    assert not only and NOTICE_ONLY_EXCLUSIONS in only.notices


def test_or_merges_alternatives_and_and_is_ignored():
    parsed = parse_query("网银 OR 手机银行 AND 复核")
    assert phrases(parsed) == [[(("网银",), False), (("手机", "机银", "银行"), False)], [(("复核",), False)]]


def test_single_chinese_character_is_a_prefix():
    assert phrases(parse_query("岗")) == [[(("岗",), True)]]


def test_traditional_query_is_simplified():
    assert phrases(parse_query("網銀")) == phrases(parse_query("网银"))


def test_synonyms_expand_whole_terms_and_stretches_inside_words():
    synonyms = SynonymSet([["网银", "网上银行"], ["柜员", "临柜人员"], ["pos", "销售点终端"]])
    assert phrases(parse_query("网银", synonyms)) == [[(("网银",), False), (("网上", "上银", "银行"), False)]]
    assert phrases(parse_query("网银转账", synonyms)) == [
        [(("网银",), False), (("网上", "上银", "银行"), False)],
        [(("转账",), False)],
    ]
    # not inside quotes, and a Latin term never cuts a word in two
    assert phrases(parse_query('"网银"', synonyms)) == [[(("网银",), False)]]
    assert len(parse_query("post", synonyms).clauses[0].alternatives) == 1
    assert len(parse_query("POS机", synonyms).clauses[0].alternatives) == 2


def test_synonym_terms_are_normalised():
    synonyms = SynonymSet([["網銀", "網上銀行"]])
    assert synonyms.equivalents("网银") == ("网银", "网上银行")
    assert parse_terms("网银，網上銀行、 网银 ; ") == ["网银", "网上银行"]


@pytest.mark.parametrize(
    "hostile",
    [
        "'; DROP TABLE portal_search_searchentry; --",
        'title:(网银 AND "复核',
        "网银) OR (1=1",
        '{title_tokens}: "x" NEAR(a b)',
        "*:* OR _exists_:body^100 ~2",
        "\\\"\\'\\\\",
        "\x00\x01\x1b[31m网银\x7f",
        "网" * 10_000,
        "[[[[((((",
        "<script>alert(1)</script>",
    ],
)
def test_hostile_input_becomes_tokens_only(hostile):
    parsed = parse_query(hostile)
    assert len(parsed.text) <= MAX_QUERY_LENGTH
    for clause in parsed.clauses:
        for phrase in clause.alternatives:
            assert all(t.isalnum() for t in phrase.tokens)


def test_overlong_and_empty_queries_have_notices():
    assert NOTICE_TRUNCATED in parse_query("复核" * 200).notices
    assert NOTICE_NOTHING_SEARCHABLE in parse_query("（）！").notices
    assert not parse_query("   ")


# --- snippets -------------------------------------------------------------------------------------


def test_snippet_marks_matches_and_escapes_html():
    terms = parse_query("复核").highlight_terms
    snippet = make_snippet("<b>说明</b>交由主管复核。", terms)
    assert snippet == "&lt;b&gt;说明&lt;/b&gt;交由主管<mark>复核</mark>。"


def test_snippet_marks_traditional_original_and_stemmed_words():
    terms = parse_query("网银 review").highlight_terms
    assert highlight_text("網銀 Reviews", terms) == "<mark>網銀</mark> <mark>Reviews</mark>"


def test_snippet_window_is_around_the_matches():
    text = "无关。" * 100 + "此处需要双人复核。" + "其他。" * 100
    snippet = make_snippet(text, parse_query("复核").highlight_terms, size=40)
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>复核</mark>" in snippet


def test_snippet_without_match_is_the_beginning():
    assert make_snippet("第一句。第二句。", parse_query("网银").highlight_terms, size=4) == "第一句。…"
