"""Stories: copies and rewrites grouped into origins (``dedup``), articles clustered online into
stories with stable ids and refined over each run's own articles (``clustering``)."""
