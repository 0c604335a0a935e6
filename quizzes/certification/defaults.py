"""A ready-made teller grade scheme (初级 / 中级 / 高级 柜员) and the four skill tests banks use.

Loaded by ``manage.py certification_load_scheme`` (idempotent: existing rows are left as HR edited them).
The thresholds are typical of Chinese rural banks' teller skill grading and are meant to be edited.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

SKILL_TESTS = [
    {"code": "note-counting", "name": "手工点钞", "name_en": "Note counting", "unit": "张", "unit_en": "notes",
     "duration_minutes": 10, "description": "单指单张点钞，限时内点准的张数。"},
    {"code": "voucher-keying", "name": "传票翻打", "name_en": "Voucher keying", "unit": "笔", "unit_en": "vouchers",
     "duration_minutes": 10, "description": "翻打传票并录入金额，限时内完成的笔数。"},
    {"code": "numeric-keypad", "name": "数字键盘录入", "name_en": "Numeric keypad entry", "unit": "字/分钟",
     "unit_en": "chars/min", "duration_minutes": None, "description": "小键盘录入数字的速度。"},
    {"code": "chinese-entry", "name": "汉字录入", "name_en": "Chinese character entry", "unit": "字/分钟",
     "unit_en": "chars/min", "duration_minutes": None, "description": "录入汉字的速度。"},
]

SCHEME = {"code": "teller", "name": "柜员等级", "name_en": "Teller grades",
          "certificate_title": "柜员等级证书", "certificate_title_en": "Teller Grade Certificate"}

# code, name, name_en, order, validity, prerequisite code, months held, exam, min score, skills {code: (min, max errors)}
LEVELS = [
    ("T1", "初级柜员", "Junior Teller", 1, 36, None, 0, "TELLER-T1", 60,
     {"note-counting": (800, 1), "voucher-keying": (100, 1), "numeric-keypad": (150, 2), "chinese-entry": (30, 3)}),
    ("T2", "中级柜员", "Intermediate Teller", 2, 36, "T1", 12, "TELLER-T2", 70,
     {"note-counting": (1000, 0), "voucher-keying": (150, 1), "numeric-keypad": (200, 1), "chinese-entry": (40, 2)}),
    ("T3", "高级柜员", "Senior Teller", 3, 36, "T2", 24, "TELLER-T3", 80,
     {"note-counting": (1200, 0), "voucher-keying": (200, 0), "numeric-keypad": (250, 1), "chinese-entry": (60, 2)}),
]


@transaction.atomic
def load_teller_scheme():
    """Create the skill tests, the teller scheme and its levels where missing; returns the scheme."""
    from .models import GradeLevel, GradeScheme, SkillRequirement, SkillTestType, TheoryRequirement

    tests = {}
    for data in SKILL_TESTS:
        tests[data["code"]], _created = SkillTestType.objects.get_or_create(code=data["code"], defaults=data)
    scheme, _created = GradeScheme.objects.get_or_create(code=SCHEME["code"], defaults=SCHEME)
    levels = {}
    for code, name, name_en, order, validity, prerequisite, months, exam, min_score, skills in LEVELS:
        level, created = GradeLevel.objects.get_or_create(
            scheme=scheme,
            code=code,
            defaults={"name": name, "name_en": name_en, "order": order, "validity_months": validity,
                      "prerequisite": levels.get(prerequisite), "prerequisite_months": months},
        )
        levels[code] = level
        if created:
            TheoryRequirement.objects.create(level=level, exam_code=exam, exam_name=f"{name}理论考试",
                                             min_score=Decimal(min_score))
            for sort_order, (test_code, (minimum, max_errors)) in enumerate(skills.items()):
                SkillRequirement.objects.create(level=level, test_type=tests[test_code], min_value=Decimal(minimum),
                                                max_errors=max_errors, sort_order=sort_order)
    return scheme


# Keyboard skill tests the portal runs itself (issue 18): one definition per test type, pass marks from the
# scheme's skill requirements. code, test type, material, rule, limit, seconds, items, title, title_en
SKILL_TEST_DEFINITIONS = [
    ("voucher-100", "voucher-keying", "amounts", "correct_items", "time", 600, 100, "传票翻打（百张）",
     "Voucher keying (100 vouchers)"),
    ("numeric-groups", "numeric-keypad", "number_groups", "net_per_minute", "time", 300, 60, "数字键盘录入",
     "Numeric keypad entry"),
    ("chinese-passage", "chinese-entry", "passage", "net_per_minute", "time", 600, 0, "汉字录入（规章制度）",
     "Chinese character entry (regulations)"),
]


@transaction.atomic
def load_skill_test_definitions():
    """Create the three keyboard skill test definitions where missing, pass marks from the requirements."""
    from .models import SkillPassMark, SkillRequirement, SkillTestDefinition, SkillTestType

    created = []
    for code, test_code, material, rule, limit, seconds, items, title, title_en in SKILL_TEST_DEFINITIONS:
        test_type = SkillTestType.objects.filter(code=test_code).first()
        if test_type is None or SkillTestDefinition.objects.filter(code=code).exists():
            continue
        definition = SkillTestDefinition.objects.create(
            code=code, test_type=test_type, material=material, rule=rule, limit=limit, time_limit_seconds=seconds,
            item_count=items or 100, title=title, title_en=title_en, invigilated=True)
        for order, requirement in enumerate(SkillRequirement.objects.filter(test_type=test_type)
                                            .select_related("level").order_by("level__order")):
            SkillPassMark.objects.create(definition=definition, level=requirement.level, sort_order=order,
                                         min_value=requirement.min_value, max_errors=requirement.max_errors)
        created.append(definition)
    return created
