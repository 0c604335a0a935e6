"""Demo content built from the seeds: the curated dataset in ``data/`` and the loader ``load_demo`` calls."""
