"""``diff.english_summary``: what changed, in English, from a comparison of two versions."""

from content.acknowledgements.rules import diff


def _units(*texts):
    return [diff.Unit(key=f"a{n}", label=f"第{n}条", text=t, number=n) for n, t in enumerate(texts, start=1)]


def test_it_names_the_changed_added_and_removed_articles():
    old = _units("甲", "乙", "丙")
    new = [old[0], diff.Unit(key="a2", label="第二条", text="乙改", number=2),
           diff.Unit(key="a4", label="第四条", text="丁", number=4)]
    assert diff.english_summary(diff.compare(old, new)) == "Article 2 changed. Article 4 added. Article 3 removed."


def test_several_articles_are_listed_with_and():
    old = _units("甲", "乙", "丙")
    new = _units("甲改", "乙改", "丙改")
    assert diff.english_summary(diff.compare(old, new)) == "Article 1, Article 2 and Article 3 changed."


def test_steps_of_a_procedure_are_named_steps():
    old = _units("甲")
    new = _units("甲改")
    assert diff.english_summary(diff.compare(old, new), "Step") == "Step 1 changed."


def test_no_changed_unit_says_so():
    old = _units("甲")
    assert diff.english_summary(diff.compare(old, old)) == "Wording revised; no article changed."
