"""What the fake remembers (docs/how-it-works.md, Layers): the backend (ids, clock, stores), the
collections, lifecycles, blobs, call records and metering, the stored objects' shapes. Imports
`_core` and `_sim`; holds no server."""
