"""Message attachments, for the thread's participants only, served like the catalogue's attachments
(core.uploads.serve: the type found in the bytes at upload, inline only for PDF and images, never sniffed,
under a policy that runs nothing)."""

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404

from hardtech.core.uploads import file_policy, serve
from hardtech.messaging import permissions
from hardtech.messaging.models import MessageAttachment


@file_policy
def download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(MessageAttachment.objects.select_related("message__thread"), pk=pk)
    if not permissions.can_download(request.user, attachment):
        raise Http404
    return serve(attachment.file, attachment.name, attachment.content_type)
