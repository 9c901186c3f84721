"""附件 downloads, checked against the listing they belong to (a draft's files stay private); served as
core.uploads.serve says (the type from the file's bytes, never from the uploader's name)."""

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404

from hardtech.catalogue import permissions
from hardtech.catalogue.models import Attachment
from hardtech.core.uploads import file_policy, serve


@file_policy
def download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(Attachment.objects.select_related("achievement", "demand"), pk=pk)
    if not permissions.can_view(request.user, attachment.achievement or attachment.demand):
        raise Http404
    return serve(attachment.file, attachment.name, attachment.content_type)
