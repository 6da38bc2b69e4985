"""The site: its blueprints (pages, JSON API, feeds, health), error pages and the request plumbing
(security headers, CSRF, proxies, gzip and ETags, logs) and the production server."""
