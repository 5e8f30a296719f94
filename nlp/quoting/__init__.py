"""The stages of kv_quotes (`nlp/components/quotes.py`), one module each, each a layer on the one
before: `document` indexes a Doc (paragraphs, persons, NER names), `speakers` reads who an
attribution clause names, `candidates` finds the quotes and their clauses, `resolution` turns
pronouns, chains and paragraphs without attribution into speakers and lists the indirect speech
for kv_claims. The rules are in `nlp/data/quotes/README.md`.
"""
