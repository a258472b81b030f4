"""Scoring crosswire on public gold data (../shared/evaldata), one module per task."""
