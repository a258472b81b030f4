"""One home for the text helpers every stage shares: normalisation, tokens, stems, stopwords,
name keys, paragraphs and datelines."""
