"""One spider per source family: feed, sitemap, article (link-following), minutes."""
