"""The draw, the shuffle, deadlines, eligibility, access, review and counting rules (no database)."""

import datetime
import random
from decimal import Decimal

import pytest

from quizzes.exams.rules import access, counting, deadlines, draw, eligibility, review, shuffle

T0 = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def minutes(n):
    return datetime.timedelta(minutes=n)


# --- draw ---------------------------------------------------------------------------------------


def test_draw_fills_every_section_with_distinct_questions():
    sections = [draw.SectionNeed(0, 3, tuple(range(1, 6))), draw.SectionNeed(1, 2, tuple(range(10, 13)))]
    result = draw.assign(sections, rand=random.Random(1))
    assert len(result[0]) == 3 and len(result[1]) == 2
    assert len(set(result[0] + result[1])) == 5


def test_draw_finds_an_assignment_when_overlapping_pools_compete():
    # Section 1 can only use question 1; a greedy draw for section 0 might take it first.
    sections = [draw.SectionNeed(0, 2, (1, 2, 3)), draw.SectionNeed(1, 1, (1,))]
    for seed in range(20):
        result = draw.assign(sections, rand=random.Random(seed))
        assert result[1] == [1] and 1 not in result[0]


def test_feasibility_reports_the_section_a_bank_cannot_supply():
    shortfalls = draw.feasibility([draw.SectionNeed(0, 2, (1, 2)), draw.SectionNeed(1, 5, (3, 4))])
    assert [(s.index, s.needed, s.available, s.supplied) for s in shortfalls] == [(1, 5, 2, 2)]


def test_feasibility_reports_sections_short_because_they_share_questions():
    shortfalls = draw.feasibility([draw.SectionNeed(0, 2, (1, 2)), draw.SectionNeed(1, 2, (1, 2))])
    assert sum(s.needed - s.supplied for s in shortfalls) == 2


def test_infeasible_draw_raises_with_the_shortfalls():
    with pytest.raises(draw.InfeasibleDraw) as error:
        draw.assign([draw.SectionNeed(0, 3, (1,))])
    assert error.value.shortfalls[0].supplied == 1


def test_draw_prefers_questions_not_seen_before():
    sections = [draw.SectionNeed(0, 3, tuple(range(1, 11)))]
    seen = {1, 2, 3, 4, 5, 6, 7}
    for seed in range(10):
        assert set(draw.assign(sections, seen=seen, rand=random.Random(seed))[0]) == {8, 9, 10}


def test_draw_uses_seen_questions_only_when_unseen_ones_run_out():
    result = draw.assign([draw.SectionNeed(0, 3, (1, 2, 3, 4))], seen={1, 2, 3}, rand=random.Random(0))
    assert 4 in result[0] and len(result[0]) == 3


def test_fixed_sections_keep_their_questions_even_when_a_draw_pool_contains_them():
    sections = [draw.SectionNeed(0, 3, (1, 2, 3, 4)), draw.SectionNeed(1, 1, (2,), fixed=True)]
    for seed in range(10):
        result = draw.assign(sections, rand=random.Random(seed))
        assert result[1] == [2] and 2 not in result[0]


# --- shuffle ------------------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_order():
    assert shuffle.shuffled(range(20), "seed-a", "q") == shuffle.shuffled(range(20), "seed-a", "q")


def test_different_seeds_give_different_orders():
    assert shuffle.shuffled(range(20), "seed-a", "q") != shuffle.shuffled(range(20), "seed-b", "q")


def test_true_false_options_are_never_shuffled():
    assert shuffle.option_order("true_false", 2, "any", 7) == [0, 1]


def test_display_and_original_positions_round_trip():
    order = shuffle.option_order("multiple", 5, "seed", 3)
    assert sorted(order) == list(range(5))
    assert shuffle.to_display("multiple", shuffle.to_original("multiple", [0, 3], order), order) == [0, 3]


# --- deadlines ----------------------------------------------------------------------------------


def test_deadline_is_start_plus_limit_and_extra_time():
    assert deadlines.attempt_deadline(T0, 60, 15, T0 + minutes(600)) == T0 + minutes(75)


def test_deadline_never_passes_the_close():
    assert deadlines.attempt_deadline(T0, 60, 0, T0 + minutes(20)) == T0 + minutes(20)


def test_answers_are_accepted_until_just_before_the_deadline():
    deadline = T0 + minutes(60)
    assert deadlines.accepts_answers(deadline - datetime.timedelta(seconds=1), deadline)
    assert not deadlines.accepts_answers(deadline, deadline)
    assert not deadlines.accepts_answers(deadline + datetime.timedelta(seconds=1), deadline)


# --- eligibility --------------------------------------------------------------------------------


def decide(**overrides):
    arguments = dict(now=T0, eligible=True, window=deadlines.Window(T0 - minutes(10), T0 + minutes(100)),
                     attempts_allowed=2, cooldown_minutes=30, history=eligibility.History())
    arguments.update(overrides)
    return eligibility.start_decision(**arguments)


def test_person_in_a_sub_unit_of_an_eligible_unit_is_in_the_audience():
    audience = eligibility.Audience(unit_paths=("00010002",))
    assert eligibility.in_audience(eligibility.Person(1, "000100020001"), audience)
    assert not eligibility.in_audience(eligibility.Person(1, "00010003"), audience)


def test_holder_of_an_eligible_post_is_in_the_audience():
    audience = eligibility.Audience(post_ids=frozenset({5}))
    assert eligibility.in_audience(eligibility.Person(1, "0009", frozenset({5, 6})), audience)


def test_an_inactive_employee_is_never_in_the_audience():
    audience = eligibility.Audience(employee_ids=frozenset({1}))
    assert not eligibility.in_audience(eligibility.Person(1, "0001", active=False), audience)


def test_start_is_refused_before_the_window_opens_and_names_the_opening():
    decision = decide(window=deadlines.Window(T0 + minutes(5), T0 + minutes(100)))
    assert (decision.allowed, decision.reason, decision.until) == (False, eligibility.NOT_OPEN_YET, T0 + minutes(5))


def test_start_is_refused_inside_the_cool_down():
    decision = decide(history=eligibility.History(attempts_used=1, last_submitted_at=T0 - minutes(10)))
    assert (decision.allowed, decision.reason, decision.until) == (False, eligibility.COOLDOWN, T0 + minutes(20))


def test_start_is_allowed_after_the_cool_down():
    assert decide(history=eligibility.History(attempts_used=1, last_submitted_at=T0 - minutes(30))).allowed


def test_start_is_refused_when_no_attempt_is_left():
    assert decide(history=eligibility.History(attempts_used=2)).reason == eligibility.NO_ATTEMPTS_LEFT


def test_an_attempt_in_progress_here_is_resumed_even_after_the_window_closed():
    decision = decide(now=T0 + minutes(200), history=eligibility.History(attempts_used=1, in_progress_here=True))
    assert decision.allowed and decision.reason == eligibility.IN_PROGRESS


# --- access -------------------------------------------------------------------------------------


def test_address_in_an_allowed_range_is_accepted_and_others_refused():
    ranges = "10.8.12.0/24\n192.0.2.7"
    assert access.address_allowed("10.8.12.40", ranges)
    assert access.address_allowed("192.0.2.7", ranges)
    assert not access.address_allowed("10.8.13.1", ranges)
    assert access.address_allowed("203.0.113.9", "")


def test_a_bad_range_is_reported():
    with pytest.raises(ValueError, match="10.8.300.0/24"):
        access.parse_networks("10.8.300.0/24")


def test_password_is_compared_trimmed():
    assert access.password_matches(" 7391 ", "7391")
    assert not access.password_matches("7390", "7391")
    assert access.password_matches(None, "")


# --- review -------------------------------------------------------------------------------------


@pytest.mark.parametrize("policy,status,closed,expected", [
    ("none", "final", True, (False, False)),
    ("score_only", "final", True, (True, False)),
    ("after_close", "final", False, (True, False)),
    ("after_close", "final", True, (True, True)),
    ("immediate", "final", False, (True, True)),
    ("immediate", "submitted", False, (False, True)),
    ("immediate", "in_progress", False, (False, False)),
])
def test_review_policy_decides_what_the_candidate_sees(policy, status, closed, expected):
    close = T0 - minutes(1) if closed else T0 + minutes(1)
    seen = review.visibility(policy, status, T0, close)
    assert (seen.score, seen.answers) == expected


# --- counting -----------------------------------------------------------------------------------


ATTEMPTS = [
    counting.FinalAttempt(11, 1, Decimal("55"), T0),
    counting.FinalAttempt(12, 2, Decimal("80"), T0 + minutes(60)),
    counting.FinalAttempt(13, 3, Decimal("70"), T0 + minutes(120)),
]


@pytest.mark.parametrize("policy,score,attempt_id", [
    ("highest", Decimal("80"), 12),
    ("latest", Decimal("70"), 13),
    ("first", Decimal("55"), 11),
    ("average", Decimal("68.33"), None),
])
def test_counting_policy_picks_the_score_that_counts(policy, score, attempt_id):
    result = counting.counted(policy, ATTEMPTS)
    assert (result.score, result.attempt_id) == (score, attempt_id)
