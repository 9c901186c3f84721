"""What an attachment is, decided from its first bytes and never from the name its uploader chose.

The name is only shown and offered as the download name; the type decides how the file is stored and served.
Only PDF, PNG and JPEG are accepted, and only they are ever served inline: anything else (older rows whose
content is not one of them) goes out as an application/octet-stream download.
"""

import re
import unicodedata
from pathlib import PurePath
from typing import IO

from csp.decorators import csp
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

UNKNOWN_TYPE = "application/octet-stream"

# Full signatures, so that a text file that merely starts with "%PDF" or "\x89PNG" is not taken for one.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
HEAD_BYTES = max(len(signature) for signature, _ in SIGNATURES)

# The stored file's extension and the download name's, per type; the first one is the one given.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    UNKNOWN_TYPE: (".bin",),
}
INLINE_TYPES = frozenset(EXTENSIONS) - {UNKNOWN_TYPE}

NAME_MAX_LENGTH = 200
FALLBACK_NAME = "附件"


def sniff(head: bytes) -> str:
    """The content type of a file that starts with `head`, or application/octet-stream."""
    return next((kind for signature, kind in SIGNATURES if head.startswith(signature)), UNKNOWN_TYPE)


def sniff_file(file: IO[bytes]) -> str:
    """The content type of an open file (an upload or a stored file), leaving its position at the start."""
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    return sniff(head)


def extension(content_type: str) -> str:
    return EXTENSIONS.get(content_type, EXTENSIONS[UNKNOWN_TYPE])[0]


def display_name(name: str) -> str:
    """The uploader's file name as shown on the page: without any folder part, control or format characters
    (NUL, right-to-left overrides that disguise an extension) and surrounding blanks or dots; at most 200
    characters, keeping the extension."""
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(c for c in name if not unicodedata.category(c).startswith("C"))
    name = name.strip().strip(".").strip()
    if len(name) > NAME_MAX_LENGTH:
        suffix = PurePath(name).suffix[:10]
        name = name[: NAME_MAX_LENGTH - len(suffix)] + suffix
    return name or FALLBACK_NAME


def download_name(name: str, content_type: str) -> str:
    """The name a download is saved under: the shown name, with the extension of its real type added unless it
    already has it (report.html holding a PDF is saved as report.html.pdf and opens as a PDF)."""
    allowed = EXTENSIONS.get(content_type, EXTENSIONS[UNKNOWN_TYPE])
    return name if PurePath(name).suffix.lower() in allowed else name + allowed[0]


# A file shown inline loads nothing but itself and runs no script (object-src: the browser's PDF viewer embeds
# the file itself).
FILE_POLICY = {
    "default-src": ["'none'"],
    "img-src": ["'self'"],
    "object-src": ["'self'"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
    "frame-ancestors": ["'self'"],
}
file_policy = csp(FILE_POLICY)


def serve(file: FieldFile, name: str, content_type: str) -> FileResponse:
    """An uploaded file with the type found in its bytes: PDF, PNG and JPEG inline, anything else as an
    application/octet-stream download; the browser may not sniff another type. Decorate the view with
    `file_policy`, so the file's own policy lets it run nothing."""
    try:
        handle = file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    served_type = content_type if content_type in INLINE_TYPES else UNKNOWN_TYPE
    response = FileResponse(
        handle,
        as_attachment=served_type not in INLINE_TYPES,
        filename=download_name(name, served_type),
        content_type=served_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
