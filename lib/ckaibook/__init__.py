"""Canada–Korea AI data book helpers, in layers (see CONTRIBUTING.md).

``data`` → ``measures`` → ``claims`` → ``present`` → ``chapters`` → ``book``: a module imports only
from its own layer or the layers before it (``tests/test_layers.py`` enforces it).
"""

import os as _os

if _os.environ.get("CKAIBOOK_USAGE"):
    # The build asked for a record of the modules and tables this run uses (data/usage.py).
    from ckaibook.data import usage as _usage

    _usage.start()
