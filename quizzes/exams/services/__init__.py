"""The one place per mutation of the exam engine (start, save, flag, submit, finalise, grade, re-score,
override …). Views, the JSON API, the admin and the management commands all call these; each writes its
evidence (AttemptEvent) or audit entry (Wagtail's log) in the same transaction as the change."""
