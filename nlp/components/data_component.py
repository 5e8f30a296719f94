"""One base for the rule components whose knowledge is data files.

A component names its files (`data_files` in its own data folder, `lexicon_files` in the
shared `nlp/lexicon/`) and reads and compiles them in `load_data`. Where the folders are is
configuration, set in `nlp/config.cfg` (`data_dir`, `lexicon_dir`; relative paths are relative
to the `nlp` package) like the paths of spaCy's own components. The base keeps the folders it
loaded from, copies the files next to the component in `to_disk`, and `from_disk` loads the
saved copies, so a saved pipeline carries everything it read.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar, Self

PACKAGE_DIR = Path(__file__).resolve().parents[1]
LEXICON_DIR = "lexicon"  # the default `lexicon_dir`, relative to the nlp package


def package_path(value: str | Path) -> Path:
    """A configured folder: absolute as given, relative to the `nlp` package otherwise."""
    path = Path(value)
    return path if path.is_absolute() else PACKAGE_DIR / path


class DataComponent:
    """Mixin for a component that is loaded from data files and saved with them."""

    data_files: ClassVar[tuple[str, ...]] = ()
    lexicon_files: ClassVar[tuple[str, ...]] = ()
    data_dir: Path
    lexicon_dir: Path

    def use_data(self, data_dir: str | Path, lexicon_dir: str | Path = LEXICON_DIR) -> None:
        """Load (and compile) the files from these folders and remember them for `to_disk`."""
        self.data_dir, self.lexicon_dir = package_path(data_dir), package_path(lexicon_dir)
        self.load_data(self.data_dir, self.lexicon_dir)

    def load_data(self, data_dir: Path, lexicon_dir: Path) -> None:
        """Read the component's files; called on construction and by `from_disk`."""
        raise NotImplementedError

    def save_extra(self, target: Path) -> None:
        """Write what the component saves besides its files (nothing by default)."""

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        target = Path(path)
        target.mkdir(parents=True, exist_ok=True)
        sources = [(self.data_dir, name) for name in self.data_files]
        sources += [(self.lexicon_dir, name) for name in self.lexicon_files]
        for folder, name in sources:
            if (folder / name).resolve() != (target / name).resolve():
                shutil.copyfile(folder / name, target / name)
        self.save_extra(target)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> Self:
        self.use_data(Path(path), Path(path))
        return self
