"""The floor of the package (docs/how-it-works.md, Layers): the exchange/reply vocabulary, errors,
ids, JSON-schema checks, model-field introspection, merging, and `sdk`, the one module that reads
the installed SDK's internals. Nothing here imports any other layer of the package."""
