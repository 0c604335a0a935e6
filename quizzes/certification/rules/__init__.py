"""Pure certification rules: no ORM, no HTTP, no settings. Read top to bottom.

* ``grades``       — does a person meet a grade level's requirements? (awarded, or what is missing, with a trace)
* ``skill_confirmation`` — 双人复核: a skill result is confirmed by a second, different examiner
* ``dates``        — calendar-month arithmetic used for validity and "held for N months"
* ``masking``      — a holder's name partly masked for the public verification page
"""
