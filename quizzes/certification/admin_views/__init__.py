"""The Certification menu of the Wagtail admin.

* ``scheme``   — grade schemes, levels (with their requirements), skill test types, post requirements (HR)
* ``results``  — skill results: entry by one examiner, confirmation or rejection by another; exam results
* ``register`` — certificates and grades held (filters, Excel/CSV export, revoke / re-issue, award / withdraw
  by hand), the gap list, and bulk issue with a progress bar

Every change goes through ``quizzes.certification.services``; the generic add/edit/delete views of
certificates, awards and results are switched off by ``ServiceOnlyPolicy``.
"""
