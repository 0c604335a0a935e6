"""The exam engine's domain rules: plain functions with no ORM and no HTTP, read top to bottom.

* ``scoring`` — how one answer of each question type is marked under the blueprint's policies;
* ``draw`` — which questions each section gets (feasibility, preferring unseen questions);
* ``shuffle`` — the per-candidate question and option order, reproducible from the attempt's seed;
* ``deadlines`` — windows, time limits, deadlines and cool-downs;
* ``eligibility`` — who may start an attempt now, and if not, why;
* ``access`` — proctored-room rules (network ranges, the sitting password);
* ``review`` — what a candidate may see of a handed-in paper;
* ``counting`` — which attempt's score counts.
"""
