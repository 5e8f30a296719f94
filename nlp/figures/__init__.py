"""The statistics rules of kv_statistics, one module per stage.

text -> `candidates` (pattern families of number-shaped text, in order) -> classification per
family (`cardinals`, `ranks`, `shares`, with `counts`, `bare` and `lists` behind the cardinals;
`rules` wires them and applies `exclusions`) -> `records` (the figure record of each figure:
`measures`, `subjects`, `periods`, `changes`). `lexicon` and `patterns` hold the word lists and
compiled regexes the stages share; `found` is what a classification stage hands on.
"""
