"""Errors the command line turns into exit codes and one-line messages."""


class NormalizeError(Exception):
    """Base of the errors this package raises on purpose."""


class InputError(NormalizeError):
    """This input cannot be normalized (exit 3, the file is left as it was)."""


class ConfigError(NormalizeError):
    """Bad configuration or usage (exit 2)."""
