"""Exam engine load benchmark (see run_bench.py)."""
