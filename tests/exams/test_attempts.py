"""Starting, resuming, saving and handing in attempts (``quizzes.exams.services.attempts``)."""

import pytest

from quizzes.exams.models import Attempt, AttemptEvent, AttemptStatus, EventKind, SubmitReason
from quizzes.exams.services import attempts
from quizzes.exams.services.errors import ExamError
from quizzes.exams.services.sittings import grant_override
from quizzes.models import QuestionType
from tests.exams.conftest import minutes, seconds
from tests.factories.exams import SittingFactory, exam_with_all_types, machine_marked_exam

pytestmark = pytest.mark.django_db


def test_starting_freezes_the_versions_positions_and_option_orders(candidate, now):
    sitting, questions = exam_with_all_types(employees=[candidate])
    attempt = attempts.start_attempt(sitting, candidate, now=now)
    items = list(attempt.items.order_by("position"))
    assert [i.position for i in items] == [1, 2, 3, 4, 5, 6]
    assert {i.version_id for i in items} == {q.current_version_id for q in questions.values()}
    assert all(i.version.frozen_at is not None for i in items)
    choice = next(i for i in items if i.version.type == QuestionType.MULTIPLE)
    assert sorted(choice.option_order) == [0, 1, 2, 3]


def test_deadline_is_start_plus_time_limit(candidate, now):
    sitting, _ = machine_marked_exam(employees=[candidate], time_limit_minutes=45)
    attempt = attempts.start_attempt(sitting, candidate, now=now)
    assert attempt.deadline == now + minutes(45)


def test_deadline_never_passes_the_sittings_close(candidate, now):
    sitting, _ = machine_marked_exam(employees=[candidate], closes_at=now + minutes(10))
    assert attempts.start_attempt(sitting, candidate, now=now).deadline == now + minutes(10)


def test_starting_again_resumes_the_attempt_in_progress(candidate, now):
    sitting, _ = machine_marked_exam(employees=[candidate])
    first = attempts.start_attempt(sitting, candidate, now=now)
    again = attempts.start_attempt(sitting, candidate, now=now + minutes(5))
    assert again.pk == first.pk
    assert Attempt.objects.count() == 1
    assert AttemptEvent.objects.filter(attempt=first, kind=EventKind.RESUME).count() == 1


def test_a_second_exam_cannot_start_while_one_is_in_progress(candidate, now):
    first, _ = machine_marked_exam(employees=[candidate])
    second, _ = machine_marked_exam(employees=[candidate])
    attempts.start_attempt(first, candidate, now=now)
    with pytest.raises(ExamError) as error:
        attempts.start_attempt(second, candidate, now=now)
    assert error.value.code == "in_progress_elsewhere"


def test_candidate_not_eligible_cannot_start(candidate, other_candidate, now):
    sitting, _ = machine_marked_exam(employees=[other_candidate])
    with pytest.raises(ExamError) as error:
        attempts.start_attempt(sitting, candidate, now=now)
    assert error.value.code == "not_eligible"
    assert not Attempt.objects.exists()


def test_candidate_eligible_by_unit_can_start(candidate, now):
    sitting, _ = machine_marked_exam()
    sitting.eligible_units.set([candidate.org_unit])
    assert attempts.start_attempt(sitting, candidate, now=now).status == AttemptStatus.IN_PROGRESS


def test_second_attempt_inside_the_cool_down_is_refused(candidate, now):
    sitting, _ = machine_marked_exam(employees=[candidate], attempts_allowed=2, cooldown_minutes=30)
    attempt = attempts.start_attempt(sitting, candidate, now=now)
    attempts.submit_attempt(attempt.pk, candidate, now=now + minutes(10))
    with pytest.raises(ExamError) as error:
        attempts.start_attempt(sitting, candidate, now=now + minutes(39))
    assert error.value.code == "cooldown"
    assert error.value.until == now + minutes(40)


def test_second_attempt_after_the_cool_down_starts(candidate, now):
    sitting, _ = machine_marked_exam(employees=[candidate], attempts_allowed=2, cooldown_minutes=30)
    attempt = attempts.start_attempt(sitting, candidate, now=now)
    attempts.submit_attempt(attempt.pk, candidate, now=now + minutes(10))
    assert attempts.start_attempt(sitting, candidate, now=now + minutes(40)).number == 2


def test_no_attempt_is_left_after_the_allowed_number(candidate, now):
    sitting, _ = machine_marked_exam(employees=[candidate])
    attempts.submit_attempt(attempts.start_attempt(sitting, candidate, now=now).pk, candidate, now=now)
    with pytest.raises(ExamError) as error:
        attempts.start_attempt(sitting, candidate, now=now + minutes(1))
    assert error.value.code == "no_attempts_left"


def test_sitting_not_yet_open_refuses_a_start(candidate, now):
    sitting, _ = machine_marked_exam(employees=[candidate], opens_at=now + minutes(5), closes_at=now + minutes(90))
    with pytest.raises(ExamError) as error:
        attempts.start_attempt(sitting, candidate, now=now)
    assert error.value.code == "not_open_yet"


def test_an_answer_is_saved_in_original_option_indices(candidate, now):
    sitting, questions = exam_with_all_types(employees=[candidate])
    attempt = attempts.start_attempt(sitting, candidate, now=now)
    item = attempt.items.get(version__type=QuestionType.MULTIPLE)
    shown_first = item.option_order[0]
    attempts.save_answer(attempt.pk, candidate, item.position, [0], seq=1, now=now + seconds(5))
    item.refresh_from_db()
    assert item.response == [shown_first]
    assert item.answered_at == now + seconds(5)


def test_every_save_is_logged_as_evidence(candidate, now):
    sitting, _ = machine_marked_exam(employees=[candidate])
    attempt = attempts.start_attempt(sitting, candidate, now=now)
    attempts.save_answer(attempt.pk, candidate, 1, [0], seq=1, now=now)
    attempts.save_answer(attempt.pk, candidate, 1, [2], seq=2, now=now)
    saves = AttemptEvent.objects.filter(attempt=attempt, kind=EventKind.SAVE).order_by("pk")
    assert [e.data["seq"] for e in saves] == [1, 2]


def test_an_older_save_arriving_late_does_not_overwrite_a_newer_answer(candidate, now):
    sitting, _ = machine_marked_exam(employees=[candidate])
    attempt = attempts.start_attempt(sitting, candidate, now=now)
    item = attempt.items.get(position=1)
    attempts.save_answer(attempt.pk, candidate, 1, [2], seq=5, now=now)
    result = attempts.save_answer(attempt.pk, candidate, 1, [1], seq=4, now=now)
    item.refresh_from_db()
    assert result.stale and item.response == [item.option_order[2]]


def test_a_save_one_second_before_the_deadline_is_kept(candidate, now):
    sitting, _ = machine_marked_exam(employees=[candidate], time_limit_minutes=30)
    attempt = attempts.start_attempt(sitting, candidate, now=now)
    attempts.save_answer(attempt.pk, candidate, 1, [0], seq=1, now=attempt.deadline - seconds(1))
    assert attempt.items.get(position=1).response is not None


def test_a_save_one_second_after_the_deadline_is_refused_and_the_paper_handed_in(candidate, now):
    sitting, _ = machine_marked_exam(employees=[candidate], time_limit_minutes=30)
    attempt = attempts.start_attempt(sitting, candidate, now=now)
    attempts.save_answer(attempt.pk, candidate, 1, [0], seq=1, now=attempt.deadline - seconds(1))
    with pytest.raises(ExamError) as error:
        attempts.save_answer(attempt.pk, candidate, 2, [0], seq=2, now=attempt.deadline + seconds(1))
    assert error.value.code == "deadline"
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.FINAL
    assert attempt.submitted_at == attempt.deadline
    assert attempt.submit_reason == SubmitReason.DEADLINE
    assert attempt.items.get(position=1).response is not None
    assert attempt.items.get(position=2).response is None
    assert AttemptEvent.objects.filter(attempt=attempt, kind=EventKind.SAVE_REFUSED, position=2).exists()


def test_the_sitting_closing_during_an_attempt_hands_it_in_with_what_was_saved(candidate, now):
    sitting, _ = machine_marked_exam(employees=[candidate], time_limit_minutes=60, closes_at=now + minutes(15))
    attempt = attempts.start_attempt(sitting, candidate, now=now)
    attempts.save_answer(attempt.pk, candidate, 1, [0], seq=1, now=now + minutes(14))
    assert attempts.expire_overdue(now=now + minutes(15)) == 1
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.FINAL
    assert attempt.submit_reason == SubmitReason.CLOSED
    assert attempt.submitted_at == now + minutes(15)
    assert attempt.items.get(position=1).response is not None


def test_moving_the_close_earlier_moves_the_deadline_of_an_attempt_in_progress(candidate, now):
    from quizzes.exams.services.sittings import recompute_deadlines

    sitting, _ = machine_marked_exam(employees=[candidate], time_limit_minutes=60)
    attempt = attempts.start_attempt(sitting, candidate, now=now)
    sitting.closes_at = now + minutes(20)
    sitting.save()
    recompute_deadlines(sitting, now=now + minutes(1))
    attempt.refresh_from_db()
    assert attempt.deadline == now + minutes(20)
    assert AttemptEvent.objects.filter(attempt=attempt, kind=EventKind.DEADLINE_MOVED).exists()


def test_submitting_twice_changes_nothing_the_second_time(candidate, now):
    sitting, _ = machine_marked_exam(employees=[candidate])
    attempt = attempts.start_attempt(sitting, candidate, now=now)
    first = attempts.submit_attempt(attempt.pk, candidate, now=now + minutes(5))
    second = attempts.submit_attempt(attempt.pk, candidate, now=now + minutes(6))
    assert first.submitted_at == second.submitted_at == now + minutes(5)
    assert AttemptEvent.objects.filter(attempt=attempt, kind=EventKind.SUBMIT).count() == 1
    assert AttemptEvent.objects.filter(attempt=attempt, kind=EventKind.SUBMIT_REPEAT).count() == 1


def test_a_save_after_handing_in_is_refused(candidate, now):
    sitting, _ = machine_marked_exam(employees=[candidate])
    attempt = attempts.start_attempt(sitting, candidate, now=now)
    attempts.submit_attempt(attempt.pk, candidate, now=now)
    with pytest.raises(ExamError) as error:
        attempts.save_answer(attempt.pk, candidate, 1, [0], seq=1, now=now + seconds(1))
    assert error.value.code == "submitted"


def test_another_person_cannot_save_into_an_attempt(candidate, other_candidate, now):
    sitting, _ = machine_marked_exam(employees=[candidate])
    attempt = attempts.start_attempt(sitting, candidate, now=now)
    with pytest.raises(ExamError) as error:
        attempts.save_answer(attempt.pk, other_candidate, 1, [0], seq=1, now=now)
    assert error.value.code == "not_yours"


def test_extra_time_granted_during_an_attempt_extends_its_deadline(candidate, hr, now):
    sitting, _ = machine_marked_exam(employees=[candidate], time_limit_minutes=30)
    attempt = attempts.start_attempt(sitting, candidate, now=now)
    grant_override(sitting, candidate, extra_minutes=20, reason="残障便利安排", acting_user=hr, now=now + minutes(1))
    attempt.refresh_from_db()
    assert attempt.deadline == now + minutes(50)


def test_an_extra_attempt_override_allows_a_re_sit(candidate, hr, now):
    sitting, _ = machine_marked_exam(employees=[candidate])
    attempts.submit_attempt(attempts.start_attempt(sitting, candidate, now=now).pk, candidate, now=now)
    grant_override(sitting, candidate, extra_attempts=1, reason="系统故障补考", acting_user=hr)
    assert attempts.start_attempt(sitting, candidate, now=now + minutes(2)).number == 2


def test_an_override_window_lets_a_person_sit_after_the_sitting_closed(candidate, hr, now):
    sitting, _ = machine_marked_exam(opens_at=now - minutes(120), closes_at=now - minutes(60))
    grant_override(sitting, candidate, opens_at=now - minutes(5), closes_at=now + minutes(120),
                   reason="出差，另行安排", acting_user=hr)
    assert attempts.start_attempt(sitting, candidate, now=now).status == AttemptStatus.IN_PROGRESS


def test_a_proctored_sitting_refuses_a_start_from_outside_its_network(candidate, now):
    sitting, _ = machine_marked_exam(employees=[candidate], allowed_networks="10.8.12.0/24")
    with pytest.raises(ExamError) as error:
        attempts.start_attempt(sitting, candidate, now=now, ip="10.9.0.1")
    assert error.value.code == "network"
    assert attempts.start_attempt(sitting, candidate, now=now, ip="10.8.12.30").pk


def test_a_sitting_password_is_needed_to_start(candidate, now):
    sitting, _ = machine_marked_exam(employees=[candidate], access_password="7391")
    with pytest.raises(ExamError) as error:
        attempts.start_attempt(sitting, candidate, now=now, password="0000")
    assert error.value.code == "password"
    assert attempts.start_attempt(sitting, candidate, now=now, password="7391").pk


def test_random_draw_prefers_questions_not_seen_in_an_earlier_attempt(candidate, now):
    from quizzes.exams.models import AttemptItem
    from tests.factories.exams import ExamBlueprintFactory, add_section
    from tests.factories.quizzes import QuestionBankFactory, make_question

    bank = QuestionBankFactory()
    for _ in range(6):
        make_question(bank)
    blueprint = ExamBlueprintFactory()
    add_section(blueprint, bank=bank, count=3)
    sitting = SittingFactory(blueprint=blueprint, employees=[candidate], attempts_allowed=2)
    first = attempts.start_attempt(sitting, candidate, now=now)
    attempts.submit_attempt(first.pk, candidate, now=now)
    second = attempts.start_attempt(sitting, candidate, now=now + minutes(1))
    ids = lambda a: {i.version.question_id for i in AttemptItem.objects.filter(attempt=a).select_related("version")}  # noqa: E731
    assert ids(first).isdisjoint(ids(second))


def test_the_close_overdue_command_hands_in_abandoned_attempts(candidate, now, monkeypatch):
    from django.core.management import call_command

    sitting, _ = machine_marked_exam(employees=[candidate], time_limit_minutes=30)
    attempt = attempts.start_attempt(sitting, candidate, now=now)
    monkeypatch.setattr("quizzes.exams.clock.now", lambda: now + minutes(31))
    call_command("exams_close_overdue", stdout=__import__("io").StringIO())
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.FINAL and attempt.submitted_at == now + minutes(30)


def test_a_flag_is_kept_on_the_question(candidate, now):
    sitting, _ = machine_marked_exam(employees=[candidate])
    attempt = attempts.start_attempt(sitting, candidate, now=now)
    attempts.set_flag(attempt.pk, candidate, 3, True, now=now)
    assert attempt.items.get(position=3).flagged
    assert AttemptEvent.objects.filter(attempt=attempt, kind=EventKind.FLAG, position=3).exists()
