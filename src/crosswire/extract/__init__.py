"""Extract: a ``RawDocument`` → an ``Article``: main text out of HTML (``article``), page
furniture cut with a reason for every line (``clean``), and outlet, credit and dates read from
fields, markup or the text itself (``metadata``)."""
