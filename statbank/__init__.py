"""Official figures from Statistics Denmark's Statistikbanken, and checking claimed figures against them.

A package of its own at the crawler/nlp layer: like the crawler it fetches from the network
(httpx, not Scrapy, so it does not import Scrapy), and it writes and reads the store only
through `store.official`. `client` talks to the API, `measures` is the curated measure -> table
map, `periods` maps a claimed period onto a table's time codes, `verdict` is the pure
comparison, `sync` and `check` are the two commands' work, `cli` registers `kommunevagt stats`.
"""
