"""Cross-source analysis of one story (``story`` runs it): statements with their quantities,
dates and polarity, facts by independent origins, the quote ledger, typed conflicts, the
timeline, coverage per outlet, the cited summary, and the stance of a report towards a claim."""
