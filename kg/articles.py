"""Reading article files and their `.meta.json` sidecars, refusing bad input with a clear message."""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.model import ArticleMeta, DateValue

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
_ARABIC = re.compile(r"[\u0620-\u064A\u066E-\u06D3\uFB50-\uFDFF\uFE70-\uFEFC]")  # letters, not digits or commas
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"PK\x03\x04", b"\xff\xd8\xff", b"GIF8", b"\x7fELF")
_HTML = re.compile(r"<(?:html|body|p|div|span|br|head)\b", re.IGNORECASE)
_TAG = re.compile(r"<[^>]{0,2000}>")


@dataclass(frozen=True, slots=True)
class RawArticle:
    """An article's text (decoded, BOM removed) and what is known about it."""

    text: str
    meta: ArticleMeta
    warnings: tuple[str, ...] = ()


def max_bytes() -> int:
    """The size limit for one article, from SPACEKG_MAX_BYTES (default 20 MB)."""
    value = os.environ.get("SPACEKG_MAX_BYTES", str(DEFAULT_MAX_BYTES))
    try:
        limit = int(value)
    except ValueError:
        limit = 0
    if limit < 1:
        raise InputError(f"SPACEKG_MAX_BYTES must be an integer number of bytes, 1 or more, not {value!r}")
    return limit


def sidecar_path(path: Path) -> Path:
    """`x.ar.txt` → `x.ar.meta.json`."""
    return path.with_name(path.name.removesuffix(path.suffix) + ".meta.json")


def article_id(text: str) -> str:
    """The content hash that identifies an article."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def read_article(path: Path) -> RawArticle:
    """Read and check one article file.

    Raises:
        InputError: missing, not a file, too big, binary, undecodable, empty, or without Arabic.
    """
    data = _read_bytes(path)
    text, warnings = decode(data, str(path))
    text = strip_html(text, warnings, str(path))
    check_text(text, str(path))
    meta = read_meta(path, text)
    return RawArticle(text=text, meta=meta, warnings=tuple(warnings))


def _read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if not path.is_file():
        raise InputError(f"{path}: not a regular file")
    limit = max_bytes()
    size = path.stat().st_size
    if size > limit:
        raise _too_big(path, size, limit)
    try:
        with path.open("rb") as f:
            data = f.read(limit + 1)  # never more than the limit, even if the file grew since stat
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    if len(data) > limit:
        raise _too_big(path, len(data), limit)
    return data


def _too_big(path: Path, size: int, limit: int) -> InputError:
    return InputError(f"{path}: {size:,} bytes is over the limit of {limit:,} (set SPACEKG_MAX_BYTES)")


def decode(data: bytes, name: str) -> tuple[str, list[str]]:
    """UTF-8 (BOM stripped); UTF-16 and Windows-1256 Arabic converted with a warning; binary refused."""
    warnings: list[str] = []
    utf16 = _utf16(data)
    if utf16 is not None:
        warnings.append(f"{name}: decoded as UTF-16 (not UTF-8); offsets refer to the decoded text")
        return utf16, warnings
    if data.startswith(_BINARY_MAGIC) or b"\x00" in data[:65536]:
        raise InputError(f"{name}: binary file (not text); give a UTF-8 text article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            text = data.decode("cp1256")
        except UnicodeDecodeError:
            raise InputError(f"{name}: not valid UTF-8 (byte {exc.start}) nor Windows-1256") from None
        if not _looks_like_arabic(text):
            raise InputError(f"{name}: not valid UTF-8 (byte {exc.start}) nor Windows-1256 Arabic") from None
        warnings.append(f"{name}: decoded as Windows-1256 (not UTF-8); offsets refer to the decoded text")
    return text, warnings


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _utf16(data: bytes) -> str | None:
    """The text of UTF-16 data (what Windows calls 'Unicode'), with a byte-order mark or without one;
    None unless it decodes to text without control characters, Arabic or plain ASCII."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        codecs: tuple[str, ...] = ("utf-16",)
    elif len(data) % 2 == 0 and b"\x00" in data[:65536] and not data.startswith(_BINARY_MAGIC):
        codecs = ("utf-16-le", "utf-16-be")
    else:
        return None
    for codec in codecs:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if not _CONTROL.search(text) and (text.isascii() or _looks_like_arabic(text)):
            return text
    return None


def _looks_like_arabic(text: str) -> bool:
    """Windows-1256 decodes any bytes; accept it only when its non-ASCII characters are mostly Arabic letters."""
    non_ascii = [c for c in text if ord(c) > 127]
    letters = sum(1 for c in non_ascii if _ARABIC.match(c))
    return letters >= 2 and letters >= 0.8 * len(non_ascii)


def strip_html(text: str, warnings: list[str], name: str = "input") -> str:
    """HTML is refused: offsets must point into the text as stored, so convert it to text first."""
    if _HTML.search(text) and len(_TAG.findall(text)) >= 3:
        raise InputError(f"{name}: looks like HTML, not text; extract the article text first")
    return text


def check_text(text: str, name: str) -> None:
    if not text.strip():
        raise InputError(f"{name}: empty article (no text)")
    if not _ARABIC.search(text):
        raise InputError(f"{name}: no Arabic text found; spacekg reads Arabic articles")


def read_meta(path: Path, text: str) -> ArticleMeta:
    """The sidecar's fields; every field optional. A malformed sidecar is an error, not ignored."""
    side = sidecar_path(path)
    raw: dict[str, object] = {}
    if side.exists():
        try:
            loaded = json.loads(_read_bytes(side).decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise InputError(f"{side}: not valid UTF-8 (byte {exc.start})") from None
        except (json.JSONDecodeError, RecursionError) as exc:
            raise InputError(f"{side}: malformed JSON: {str(exc)[:200]}") from None
        if not isinstance(loaded, dict):
            raise InputError(f"{side}: must hold a JSON object")
        raw = loaded
    return meta_from_dict(raw, text, path.name, str(side))


def meta_from_dict(raw: dict[str, object], text: str, file_name: str, where: str) -> ArticleMeta:
    def field(key: str) -> str | None:
        value = raw.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise InputError(f"{where}: field {key!r} must be a string")
        return value

    return ArticleMeta(
        id=field("id") or article_id(text),
        file_name=file_name,
        language=field("language") or "ar",
        source=field("source"),
        url=_url(field("url"), where),
        title=field("title"),
        published=parse_published(field("published"), where),
    )


_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


def _url(value: str | None, where: str) -> str | None:
    if value is not None and not _URL.match(value):
        raise InputError(f"{where}: 'url' must be an http(s) IRI without spaces, quotes or <>, not {value[:80]!r}")
    return value


_DATE_FORMS = (
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "day"),
    (re.compile(r"^\d{4}-\d{2}$"), "month"),
    (re.compile(r"^\d{4}$"), "year"),
)


def parse_published(value: str | None, where: str) -> DateValue | None:
    if value is None:
        return None
    for pattern, precision in _DATE_FORMS:
        if pattern.match(value) and _is_real_date(value):
            return DateValue(value, precision, how="from metadata")  # type: ignore[arg-type]
    raise InputError(f"{where}: 'published' must be YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")


def _is_real_date(value: str) -> bool:
    """2021-02-30 and 2021-13 match the pattern but are not dates."""
    y, m, d = ([*map(int, value.split("-")), 1, 1])[:3]
    try:
        datetime.date(max(y, 1), m, d)
    except ValueError:
        return False
    return True


def warn(message: str) -> None:
    print(f"spacekg: warning: {message}", file=sys.stderr)
