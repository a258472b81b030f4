"""Language processing of each article: spaCy sentences and entity mentions (``sentences``), the
heavy models loaded once per process (``models``), the spaCy component that starts a sentence at
every paragraph (``paragraph_breaks``), and the sentence encoder (``encoder``)."""
