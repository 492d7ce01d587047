"""Files on disk: the places that hold templates, and writes no reader or crash sees half of."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

# Folders of site generators and themes whose files are templates, never posts
# (`templates` is Zola's and Pelican's).
TEMPLATE_FOLDERS = frozenset(
    {"_layouts", "_includes", "layouts", "themes", "templates", "archetypes", "scaffolds"}
)


def in_template_folder(name: str | None) -> bool:
    """True when a folder in the path `name` is one where generators keep templates."""
    if not name:
        return False
    parts = re.split(r"[\\/]", name)[:-1]
    return any(part in TEMPLATE_FOLDERS for part in parts)


def write_atomically(
    target: Path, data: bytes | Iterable[bytes], mode_from: Path | None = None, durable: bool = True
) -> None:
    """Write to a temporary file beside `target`, then rename it into place.

    The rename alone keeps a killed run from leaving a torn file; `durable`
    also flushes the data to disk first, so that a power cut cannot either.
    `data` may come in pieces (a page written as it is rendered).
    """
    import tempfile  # imports shutil and random: only when something is written

    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            for piece in [data] if isinstance(data, bytes) else data:
                out.write(piece)
            if durable:
                out.flush()
                os.fsync(out.fileno())
        source_of_mode = mode_from if mode_from and mode_from.exists() else target
        if source_of_mode.exists():
            os.chmod(temp, source_of_mode.stat().st_mode & 0o7777)
        else:
            os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
