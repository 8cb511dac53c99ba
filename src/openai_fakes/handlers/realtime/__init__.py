"""`client.realtime.*`: client_secrets.py and calls.py answer the HTTP endpoints; the websocket
(``client.realtime.connect()``) is simulated by `_session` (and `_response`) behind the seam."""
