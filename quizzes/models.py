"""Question banks, exams, attempts, grades and certificates (built in later issues)."""
