"""/inbox/preferences/: per event kind, inbox only, inbox + e-mail or a daily digest; and the e-mail address."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from hardtech.notifications import services
from hardtech.notifications.forms import PreferencesForm
from hardtech.notifications.kinds import Delivery


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = PreferencesForm(
        request.POST if request.method == "POST" else None,
        preferences=services.preferences(user),
        initial={"email": user.email},
    )
    if form.is_valid():
        services.set_preferences(user, form.choices(), email=form.cleaned_data["email"])
        messages.success(request, "通知设置已保存")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form, "deliveries": Delivery.choices})
