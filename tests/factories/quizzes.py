"""Factories for question banks: categories (treebeard nodes), banks, questions with versions, files."""

from __future__ import annotations

import factory

from quizzes.models import QuestionBank, QuestionCategory, QuestionStatus, QuestionType
from quizzes.services.questions import QuestionContent, create_question


class QuestionCategoryFactory(factory.django.DjangoModelFactory):
    """Pass parent=<QuestionCategory> for a child; without it the category is a new root."""

    class Meta:
        model = QuestionCategory

    name = factory.Sequence(lambda n: f"类别{n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")
    parent = None

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        if parent is None:
            return model_class.add_root(**kwargs)
        return model_class.objects.get(pk=parent.pk).add_child(**kwargs)


class QuestionBankFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionBank

    category = factory.SubFactory(QuestionCategoryFactory)
    name = factory.Sequence(lambda n: f"题库{n}")
    name_en = factory.Sequence(lambda n: f"Bank {n}")


_numbers = iter(range(1, 10**9))


def single_choice(stem: str | None = None, **overrides) -> QuestionContent:
    n = next(_numbers)
    fields = {
        "type": QuestionType.SINGLE,
        "stem": stem or f"电子银行业务第{n}题的正确说法是（ ）",
        "options": [f"选项甲{n}", f"选项乙{n}", f"选项丙{n}", f"选项丁{n}"],
        "correct": [1],
        "explanation": f"依据管理办法第{n}条。",
        "difficulty": 2,
    }
    fields.update(overrides)
    return QuestionContent(**fields)


def make_question(bank=None, content: QuestionContent | None = None, *, status=QuestionStatus.ACTIVE, user=None, **kwargs):
    """A question (version 1) in ``bank`` (a new bank when omitted), active unless told otherwise."""
    return create_question(bank or QuestionBankFactory(), content or single_choice(), status=status, acting_user=user, **kwargs)


def sample_contents() -> list[QuestionContent]:
    """One question of every type, each valid."""
    return [
        single_choice("网银盾遗失后客户应首先（ ）"),
        QuestionContent(type=QuestionType.MULTIPLE, stem="六岗分离包括下列哪些岗位（ ）",
                        options=["录入", "复核", "授信审批", "营销"], correct=[0, 1, 2],
                        explanation="录入、复核、授信审批、制卡、风险管理、系统管理六岗分离。", difficulty=3),
        QuestionContent(type=QuestionType.TRUE_FALSE, stem="电子银行中心属于省联社前台部门。",
                        options=["对", "错"], correct=[1], explanation="属于中台部门。"),
        QuestionContent(type=QuestionType.ORDERING, stem="请排列开户步骤",
                        options=["审核资料", "客户申请", "录入系统", "复核"], correct=[1, 0, 2, 3]),
        QuestionContent(type=QuestionType.FILL_BLANK, stem="客户通过互联网办理业务的渠道称为（ ），通过手机办理的称为（ ）。",
                        blanks=[["网银", "网上银行"], ["手机银行"]], difficulty=1),
        QuestionContent(type=QuestionType.SHORT_ANSWER, stem="简述电子银行风险的主要类型。",
                        model_answer="操作风险、信用风险、法律风险……", marking_guide="答出其中任意3点得满分",
                        explanation="见第二章。", difficulty=4),
    ]


AIKEN_TWO_QUESTIONS = """网银盾的作用是什么？
A. 保护交易安全
B. 装饰
ANSWER: A

手机银行转账需要什么？
A. 交易密码
B. 生日
ANSWER: A
"""

AIKEN_ONE_BAD = AIKEN_TWO_QUESTIONS + """
这道题缺少答案？
A. 甲
B. 乙
"""
