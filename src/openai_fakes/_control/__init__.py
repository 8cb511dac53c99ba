"""What a test tells the fake (docs/how-it-works.md, Layers): directives (what one answer is),
stubs and rules (which answer a request gets), the checks a script gets when written, replay's
recordings, and `context`, the protocols through which everything above sees the server.
Imports `_core`, `_sim` and `_state` only."""
