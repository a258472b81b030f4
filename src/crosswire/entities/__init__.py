"""Entities: mentions → canonical entities per story (``resolve``), and the workspace's editable
alias table (``aliases``)."""
