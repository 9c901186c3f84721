"""A deal's page (built out by the deal pages work)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path

from hardtech.deals import permissions


@login_required
def detail(request, pk: int) -> HttpResponse:
    deal = get_object_or_404(permissions.visible_deals(request.user), pk=pk)
    return HttpResponse(str(deal))


urls = [path("<int:pk>/", detail, name="detail")]
