"""Message attachments, for the thread's participants only, served like the catalogue's attachments: with the
type found in the bytes at upload, inline only for PDF and images, never sniffed, under a policy that runs
nothing."""

from csp.decorators import csp
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404

from hardtech.catalogue.attachments import INLINE_TYPES, UNKNOWN_TYPE, download_name
from hardtech.catalogue.views.attachments import FILE_POLICY
from hardtech.messaging import permissions
from hardtech.messaging.models import MessageAttachment


@csp(FILE_POLICY)
def download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(MessageAttachment.objects.select_related("message__thread"), pk=pk)
    if not permissions.can_download(request.user, attachment):
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
