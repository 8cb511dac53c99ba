"""`client.live.*`: live.py answers ``POST /live/sessions`` (a WebRTC session), sessions.py a
hang-up of a session the fake holds; the websockets
(``client.live.connect()``, ``client.live.sideband.connect(session_id=...)``,
``client.live.forks.connect(session_id=...)``) are simulated by `_socket`, over the sessions
`_session` keeps, behind the seam."""
