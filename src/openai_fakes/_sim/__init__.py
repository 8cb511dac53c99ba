"""What the fake API says, as pure functions (docs/how-it-works.md, Layers): text, tokens, turns,
tool offers, schema-shaped data, the model catalog, image tokens, text search, the media codecs,
request validation and `reply_rules` (the builders that handlers and factories share). Imports
only `_core`; holds no state and no server."""
