"""The shared Chinese text clean-up every importer uses."""

from portal.textutils.chinese import clean_seed_text, has_traditional, strip_noise, strip_ruby, to_simplified


def test_traditional_characters_become_simplified():
    assert to_simplified("電子銀行部崗位職責") == "电子银行部岗位职责"


def test_pinyin_ruby_after_chinese_is_removed():
    assert strip_ruby("等級(jí)評(píng)定") == "等級評定"


def test_parentheses_after_latin_text_are_kept():
    assert strip_ruby("mbs.boc.cn(abc)") == "mbs.boc.cn(abc)"


def test_namespaced_image_tags_with_data_uris_are_removed():
    text = '前文<ns0:image>data:image/png;base64,iVBORw0KGgo=</ns0:image>后文'
    assert strip_noise(text) == "前文后文"


def test_clean_seed_text_runs_the_whole_pipeline():
    assert clean_seed_text("<image>data:image/png;base64,AAAA</image>柜員等級(jí)") == "柜员等级"


def test_has_traditional_detects_traditional_text_only():
    assert has_traditional("職責")
    assert not has_traditional("职责")
