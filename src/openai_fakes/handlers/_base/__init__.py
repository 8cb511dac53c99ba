"""What every handler area stands on (docs/how-it-works.md, Layers): the router, the adapter
base, and the generic and stateful answers under every endpoint."""
