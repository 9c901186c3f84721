"""我的账号: change one's password, list, create and revoke one's API tokens, and list and end one's signed-in
sessions."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from hardtech.accounts import sessions
from hardtech.accounts.forms import AccountPasswordForm, TokenForm
from hardtech.accounts.models import ApiToken, UserSession


def _page(
    request: HttpRequest,
    password_form: AccountPasswordForm | None = None,
    token_form: TokenForm | None = None,
    new_key: str = "",
) -> HttpResponse:
    current = request.session.session_key
    signed_in = sessions.live_sessions(request.user, current)
    for row in signed_in:
        row.is_current = row.session_key == current
    return render(
        request,
        "accounts/account.html",
        {
            "password_form": password_form or AccountPasswordForm(request),
            "token_form": token_form or TokenForm(),
            "tokens": ApiToken.objects.filter(user=request.user).order_by("-created_at"),
            "new_key": new_key,
            "sessions": signed_in,
            "other_sessions": sum(not row.is_current for row in signed_in),
        },
    )


@never_cache
@login_required
def account(request: HttpRequest) -> HttpResponse:
    return _page(request)


@never_cache
@login_required
@require_POST
def change_password(request: HttpRequest) -> HttpResponse:
    form = AccountPasswordForm(request, request.POST)
    if not form.is_valid():
        return _page(request, password_form=form)
    with transaction.atomic():
        user = form.save()  # User.save revokes the API tokens; other sessions no longer match the password
    old_key = request.session.session_key
    update_session_auth_hash(request, user)  # this session stays signed in, under a new key
    sessions.follow_new_key(request, old_key)
    messages.success(request, "密码已修改。其他设备上的登录已失效，您的 API 令牌已全部吊销，如需请重新申请。")
    return redirect("account")


@never_cache
@login_required
@require_POST
def create_token(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, token_form=form)
    with transaction.atomic():
        _, key = ApiToken.issue(request.user, form.cleaned_data["name"], form.cleaned_data["days"])
    # Shown in this response only (never_cache, not kept in a message): only the key's hash is stored.
    return _page(request, new_key=key)


@login_required
@require_POST
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    deleted, _ = ApiToken.objects.filter(user=request.user, pk=pk).delete()
    if not deleted:
        raise Http404
    messages.success(request, "令牌已吊销，使用它的程序将无法再访问 API。")
    return redirect("account")


@login_required
@require_POST
def end_session(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(UserSession, user=request.user, pk=pk)
    current = row.session_key == request.session.session_key
    sessions.end(request, row)
    if current:
        return redirect("login")
    messages.success(request, "该会话已退出，那台设备需重新登录。")
    return redirect("account")


@login_required
@require_POST
def end_other_sessions(request: HttpRequest) -> HttpResponse:
    count = sessions.end_others(request)
    messages.success(request, f"已退出其他 {count} 个会话。" if count else "没有其他会话。")
    return redirect("account")
