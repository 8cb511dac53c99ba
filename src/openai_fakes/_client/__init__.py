"""The clients (docs/how-it-works.md, Layers): `client.FakeOpenAI` / `FakeAsyncOpenAI`, `seam`
(the one module that overrides SDK internals: the send step, waits, websockets) and the realtime
sockets. The top of the private layers: only the public modules import it."""
