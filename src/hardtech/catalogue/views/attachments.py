"""附件 downloads, checked against the listing they belong to (a draft's files stay private).

A file is served with the type decided from its bytes at upload (never one guessed from the uploader's name):
PDF, PNG and JPEG open in the browser, anything else is an application/octet-stream download. The browser may
not sniff another type, and the file's own policy lets it run nothing.
"""

from csp.decorators import csp
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404

from hardtech.catalogue import permissions
from hardtech.catalogue.attachments import INLINE_TYPES, UNKNOWN_TYPE, download_name
from hardtech.catalogue.models import Attachment

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


@csp(FILE_POLICY)
def download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(Attachment.objects.select_related("achievement", "demand"), pk=pk)
    listing = attachment.achievement or attachment.demand
    if not permissions.can_view(request.user, listing):
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    content_type = attachment.content_type if attachment.content_type in INLINE_TYPES else UNKNOWN_TYPE
    response = FileResponse(
        handle,
        as_attachment=content_type not in INLINE_TYPES,
        filename=download_name(attachment.name, content_type),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
