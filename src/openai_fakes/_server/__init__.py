"""The server (docs/how-it-works.md, Layers): `server.FakeServer` answers one request at a time
(route, script, validation, the handler's answer), `blueprint` renders reply templates fast.
Below it: handlers, factories, control, state, sim, core; above it only the clients."""
