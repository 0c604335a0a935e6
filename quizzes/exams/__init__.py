"""The exam engine: blueprints, sittings, timed attempts, scoring, grading, review and practice (issue 6)."""
