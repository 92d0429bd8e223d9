"""The acknowledgement receiver: HR's side of the handbook's acknowledgement page.

A small web service (Starlette on uvicorn) that stores countersigned receipts in an
append-only, hash-chained record store (SQLite or PostgreSQL), binds them to employees through
personal signing links, shows HR who has signed which revision, and sends reminders. The
command line is ``python -m receiver``; see ``receiver/README.md``.
"""
