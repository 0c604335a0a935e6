"""The exam engine in the Wagtail admin: blueprints, sittings, overrides, grading, results, re-scoring, practice."""
