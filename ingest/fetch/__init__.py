"""The one HTTP seam: the client (`client.Fetcher`), the address guard, and the pure rules it applies
(decoding, politeness, robots, conditional-GET state)."""
