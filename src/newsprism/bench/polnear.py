"""Read the PolNeAR attribution corpus (Newell, Margolin & Ruths, LREC 2018) for evaluation.

PolNeAR ships as ``polnear_v1.0.0_text_attributions.tar.gz`` holding
``data/{train,dev,test,annotator-training}/{text,attributions}/``: one ``<article>.txt`` per
article and one brat standoff file ``<article>_<annotator>.ann`` per annotation of it. The
reader takes the directory holding the tarball (or the tarball itself, or an extracted
``data/`` tree) and reads the tarball's members in memory: nothing is extracted or cached.

Offsets in the ``.ann`` files are character offsets (end-exclusive) into the decoded text,
so the text is read with ``newline=""`` semantics (no newline translation). Discontinuous
spans (``start end;start end``) are kept as lists of ``(start, end)`` segments.

Some articles have several annotators (used upstream to measure agreement); to count each
article once, :func:`read_split` keeps the annotation of the first annotator id in sorted
order, as the corpus's notes advise.

PolNeAR is for evaluation only: its texts have no data licence and must not be copied into
the repository or used to train anything shipped.
"""

from __future__ import annotations

import io
import logging
import re
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..errors import UsageError

__all__ = [
    "SPLITS",
    "TARBALL",
    "Attribution",
    "PolnearDoc",
    "parse_ann",
    "read_split",
]

log = logging.getLogger(__name__)

TARBALL = "polnear_v1.0.0_text_attributions.tar.gz"
SPLITS = ("train", "dev", "test", "annotator-training")

Seg = tuple[int, int]
_ANN_NAME = re.compile(r"^(?P<article>.+)_(?P<annotator>[0-9a-f]{4})\.ann$")
# Span types that are annotation furniture, not attribution roles.
_IGNORED_TYPES = frozenset({"Discard", "Discuss"})
_ROLE_OF = {"Source": "source", "Cue": "cue", "Content": "content"}


@dataclass(frozen=True)
class Attribution:
    """One gold attribution relation; each role is a (possibly empty) list of segments."""

    id: str
    source: tuple[Seg, ...] = ()
    cue: tuple[Seg, ...] = ()
    content: tuple[Seg, ...] = ()

    def role(self, name: str) -> tuple[Seg, ...]:
        return tuple(getattr(self, name))


@dataclass(frozen=True)
class PolnearDoc:
    """One article: its id (file stem), text, the annotator kept, and its attributions."""

    doc_id: str
    split: str
    text: str
    annotator: str
    attributions: list[Attribution] = field(default_factory=list)


def _parse_segments(spec: str) -> list[Seg]:
    segs: list[Seg] = []
    for part in spec.split(";"):
        a, b = part.split()
        segs.append((int(a), int(b)))
    return segs


def parse_ann(ann: str, text: str | None = None, *, name: str = "<ann>") -> list[Attribution]:
    """Parse one brat ``.ann`` file into attributions (two passes: E lines may point forward).

    Lines that start with neither ``T``, ``E`` nor ``#`` are continuations of a span text that
    ran over a newline and are skipped. Repeated role arguments (``Content2``) are merged.
    When ``text`` is given, every segment must fall inside it.
    """
    spans: dict[str, tuple[str, list[Seg]]] = {}
    events: list[tuple[str, list[tuple[str, str]]]] = []
    for line in ann.split("\n"):
        line = line.rstrip("\r")
        if line.startswith("T"):
            parts = line.split("\t")
            if len(parts) < 2 or " " not in parts[1]:
                log.debug("%s: skipping malformed line %r", name, line[:40])
                continue
            typ, spec = parts[1].split(" ", 1)
            spans[parts[0]] = (typ, _parse_segments(spec))
        elif line.startswith("E"):
            parts = line.split("\t")
            pairs = (
                [a.split(":", 1) for a in parts[1].split() if ":" in a] if len(parts) > 1 else []
            )
            events.append((parts[0], [(k, v) for k, v in pairs]))
    out: list[Attribution] = []
    for eid, args in events:
        roles: dict[str, list[Seg]] = {"source": [], "cue": [], "content": []}
        for key, tid in args:
            role = _ROLE_OF.get(key.rstrip("0123456789"))
            if role is None or tid not in spans:
                continue  # the trigger (Attribution / Attribution-no-source) or a dangling id
            typ, segs = spans[tid]
            if typ in _IGNORED_TYPES:
                continue
            roles[role].extend(segs)
        if text is not None:
            for segs in roles.values():
                for a, b in segs:
                    if not 0 <= a <= b <= len(text):
                        raise ValueError(
                            f"{name} {eid}: span {a}-{b} outside the text ({len(text)} chars)"
                        )
        out.append(
            Attribution(
                id=eid,
                source=tuple(sorted(set(roles["source"]))),
                cue=tuple(sorted(set(roles["cue"]))),
                content=tuple(sorted(set(roles["content"]))),
            )
        )
    return out


class _Files:
    """Relative paths (``data/<split>/...``) -> text, from a tarball or a directory tree.

    From a tarball, the members under ``prefix`` are read into memory in one sequential
    pass (random access into a gzip stream would re-decompress it for every backward seek).
    """

    def __init__(self, root: Path, prefix: str) -> None:
        self._dir: Path | None = None
        self._blobs: dict[str, bytes] = {}
        tar_path: Path | None = None
        if root.is_file():
            tar_path = root
        elif (root / "data").is_dir():
            self._dir = root
        elif root.name == "data" and root.is_dir():
            self._dir = root.parent
        elif (root / TARBALL).is_file():
            tar_path = root / TARBALL
        else:
            raise UsageError(
                f"--polnear {root}: expected a directory holding {TARBALL} or an extracted data/ tree"
            )
        if tar_path is not None:
            try:
                with tarfile.open(tar_path, "r:*") as tar:
                    for m in tar:
                        name = m.name.removeprefix("./")
                        if m.isfile() and name.startswith(prefix):
                            fh = tar.extractfile(m)
                            if fh is not None:
                                self._blobs[name] = fh.read()
            except (tarfile.TarError, OSError) as exc:
                raise UsageError(f"--polnear {tar_path}: cannot read the tarball ({exc})") from exc

    def list(self, folder: str) -> list[str]:
        prefix = folder.rstrip("/") + "/"
        if self._dir is None:
            return sorted(
                n for n in self._blobs if n.startswith(prefix) and "/" not in n[len(prefix) :]
            )
        base = self._dir / folder
        return (
            sorted(f"{prefix}{p.name}" for p in base.iterdir() if p.is_file())
            if base.is_dir()
            else []
        )

    def read(self, name: str) -> str:
        data = self._blobs[name] if self._dir is None else (self._dir / name).read_bytes()
        # newline="" keeps any "\r": the offsets count every character.
        return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline="").read()


def read_split(
    path: Path, split: str = "dev", *, all_annotators: bool = False
) -> Iterator[PolnearDoc]:
    """Yield the articles of one PolNeAR compartment in file-name order.

    ``path`` is the directory holding the release tarball (``../shared/data/polnear``), the
    tarball itself, or a directory with an extracted ``data/`` tree. One annotation per
    article (the first annotator id in sorted order) unless ``all_annotators``.
    """
    if split not in SPLITS:
        raise UsageError(f"--split {split!r}: expected one of {', '.join(SPLITS)}")
    files = _Files(Path(path), f"data/{split}/")
    anns = files.list(f"data/{split}/attributions")
    if not anns:
        raise UsageError(f"--polnear {path}: no annotations under data/{split}/attributions")
    by_article: dict[str, list[tuple[str, str]]] = {}
    for name in anns:
        m = _ANN_NAME.match(PurePosixPath(name).name)
        if m is None:
            log.warning("skipping unexpected file %s", name)
            continue
        by_article.setdefault(m["article"], []).append((m["annotator"], name))
    for article in sorted(by_article):
        text = files.read(f"data/{split}/text/{article}.txt")
        chosen = sorted(by_article[article])
        for annotator, name in chosen if all_annotators else chosen[:1]:
            attributions = parse_ann(files.read(name), text, name=name)
            yield PolnearDoc(article, split, text, annotator, attributions)
