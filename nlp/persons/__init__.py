"""The person rules of kv_persons, one module per stage.

text -> `candidates` (runs of capitalised words and the NER's PER spans, cut into pieces, each
piece a full name, a single word to resolve later, or a run kept for the tails of full names)
-> `evidence` (what the words around a mention say: party, role, politician, person, speech
verb) -> `resolution` (canonical names, surnames and first names resolved within the document,
one merged person per name, the `PersonMention`s). `rules` wires the stages; `found` holds
what they hand on; `spans` the small span and text helpers they share. The word lists and
patterns are `nlp.components.person_data.PersonData`.
"""
