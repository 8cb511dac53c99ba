"""`client.realtime.*`: client_secrets.py and calls.py answer the HTTP endpoints; the websocket
(``client.realtime.connect()``, a transcription session with ``intent=transcription``) is simulated
by `_session` (with `_response` and `_transcription`) behind the seam."""
