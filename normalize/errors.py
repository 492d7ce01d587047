"""Errors the command line turns into exit codes and one-line messages."""


class NormalizeError(Exception):
    """Base of the errors this package raises on purpose."""


class InputError(NormalizeError):
    """This input cannot be normalized (exit 3, the file is left as it was)."""


class ConfigError(NormalizeError):
    """Bad configuration or usage (exit 2)."""


class TimeLimitExceeded(BaseException):  # noqa: N818 (it is not an error of the input)
    """One input took longer than --timeout.

    Not an Exception: a filter or a library that catches `Exception` on the
    way up cannot swallow it, and the file fails instead of finishing late.
    """
