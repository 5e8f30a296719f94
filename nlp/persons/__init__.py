"""The person rules of kv_persons, one module per stage.

text -> `candidates` (runs of capitalised words, the NER's PER spans and the names of minutes'
member lists, cut into pieces, each piece a full name, a single word to resolve later, or a run
kept for the tails of full names) -> `evidence` (what the words around a mention say: party,
role, politician, person, speech verb) -> `resolution` (canonical names, surnames and first
names resolved within the document) -> `identity` (namesakes split by party and kommune, each
person's kommune and registry politician, with `places` for the kommune context) ->
`references` (role nouns and registry surnames) -> the `PersonMention`s. `rules` wires the
stages; `found` holds what they hand on; `spans` the small span and text helpers they share;
`registry` the politician registry's look-ups and file reader; `lists` the member-list headings
and office levels. The other word lists and patterns are `nlp.components.person_data.PersonData`.
"""
