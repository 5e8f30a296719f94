"""Distributed crawling: Dramatiq actors over Redis, Scrapy inside each task, one shared database.

`kommunevagt crawl --distributed` (coordinator.py) sends one *plan* task per source and spider;
a worker (`kommunevagt worker`, worker.py) runs it as a Scrapy crawl (shard.py) that reads the
feeds, sitemaps, listings and agenda APIs and sends every document URL onward in *shards*
(`KOMMUNEVAGT_SHARD_SIZE` URLs, by month of publication for `kommunevagt backfill`). Any worker
then crawls a shard, and the documents it extracts go on in *batches* to the analyse queue, where
any worker runs the NLP and stores them (tasks.py). Delivery is at-least-once (a message is
acknowledged after its work is committed; a dead worker's messages are requeued by the broker),
and the store's unique canonical URL and content hash make a second delivery "unchanged".
Run bookkeeping (pending tasks, per-task counts) lives in Redis (ledger.py); every request of
every worker passes one per-domain rate limit in Redis (throttle.py).
"""
