"""Matching in the application: report rows to engine records (records.py), the
per-process index kept fresh from the database (registry.py), and the review
workflow of proposals, confirmations and rejections (workflow.py)."""
