"""One adapter per vendor over its generated client; each owns one connection pool per mode."""
