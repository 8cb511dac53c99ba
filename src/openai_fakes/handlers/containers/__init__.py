"""`client.containers.*`: one module per SDK resource (openai/resources/containers/): containers.py, files/."""
