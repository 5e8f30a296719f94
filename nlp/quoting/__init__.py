"""The stages of kv_quotes (`nlp/components/quotes.py`), one module each.

`document.QuoteDoc` indexes a Doc once (paragraphs, persons by position, NER names, surnames);
`speakers.Speakers` reads who an attribution clause names; `candidates.Candidates` finds the
quotes in marks and dash paragraphs with their clauses and keeps those that are quotes;
`resolution.Resolution` gives chains, pronouns and paragraphs without attribution their
speakers; `indirect.speech_clauses` lists the speech clauses outside quotes for kv_claims.
Each stage takes the ones before it. The rules are in `nlp/data/quotes/README.md`.
"""
