"""Item pipelines, one class per module, in the order of ITEM_PIPELINES:
validate -> canonicalise -> dedupe -> analyse (batched NLP) -> store (one transaction per document).

A pipeline that drops an item first reports its outcome (`crawler.signals.drop`), so every
document ends in exactly one count of the crawl_run.
"""
