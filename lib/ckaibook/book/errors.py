"""The build's own error type (kept apart so every ``book`` module can raise it)."""


class BuildError(RuntimeError):
    """A step of the build failed; the message says which and where to look, in one line."""
