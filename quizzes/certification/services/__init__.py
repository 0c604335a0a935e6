"""One place per mutation. The admin, the public views, the tasks and the management commands all call
these functions, and each leaves an audit row (``portal.core.audit.record``, actions in ``audit_actions``).

* ``results``  — theory results from the exam engine; skill results entered and confirmed (双人复核)
* ``grading``  — evaluate and award grades by the rules; award / withdraw by hand with a reason
* ``issuing``  — issue (idempotent), bulk issue, re-issue (supersede), revoke with a reason
* ``reminders``— expiry reminders to holders and HR
"""
