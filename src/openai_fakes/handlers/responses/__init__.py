"""`client.responses.*`: one module per SDK resource (openai/resources/responses/): responses.py, input_items.py;
the stored responses (_store.py) and the hosted tools the responses run are private helpers."""
