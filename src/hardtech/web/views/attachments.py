"""附件 downloads, checked against the listing they belong to (a draft's files stay private)."""

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404

from hardtech.catalogue import permissions
from hardtech.catalogue.models import Attachment


def download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(Attachment.objects.select_related("achievement", "demand"), pk=pk)
    listing = attachment.achievement or attachment.demand
    if not permissions.can_view(request.user, listing):
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=False, filename=attachment.name)
