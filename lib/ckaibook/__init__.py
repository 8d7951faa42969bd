"""Canada–Korea AI data book helpers, in layers (see CONTRIBUTING.md).

``data`` → ``measures`` → ``claims`` → ``present`` → ``chapters`` → ``book``: a module imports only
from its own layer or the layers before it (``tests/test_layers.py`` enforces it).
"""
