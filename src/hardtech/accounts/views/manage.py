"""The operator's user management: users by name and role, a user's role, organisation and password, and the
scoped roles granted to the user (organisations link to their own pages)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from hardtech.accounts import grants
from hardtech.accounts.forms import ManagedUserForm, TargetGrantForm, UserFilterForm
from hardtech.accounts.models import Grant, Role, User
from hardtech.accounts.permissions import can_manage_accounts
from hardtech.core.views import paginate, require


def _operator_only(request: HttpRequest) -> None:
    require(can_manage_accounts(request.user))


@login_required
def users(request: HttpRequest) -> HttpResponse:
    _operator_only(request)
    filters = UserFilterForm(request.GET)
    found = User.objects.select_related("organisation").order_by("username")
    if filters.is_valid():
        q, role = filters.cleaned_data["q"].strip(), filters.cleaned_data["role"]
        if q:
            found = found.filter(
                Q(username__icontains=q) | Q(display_name__icontains=q) | Q(organisation__name__icontains=q)
            )
        if role:
            found = found.filter(role=role)
    return render(
        request, "accounts/manage_users.html", {"filters": filters, "page": paginate(request, found)}
    )


def save_user(form: ManagedUserForm) -> User:
    """Save the operator's edit: operators get staff status (the admin's door; their permissions come from
    OperatorBackend), and a typed password replaces the old one."""
    user = form.save(commit=False)
    user.is_staff = user.role == Role.OPERATOR or user.is_superuser
    if form.cleaned_data["password"]:
        user.set_password(form.cleaned_data["password"])
    with transaction.atomic():
        user.save()
    return user


def _user_page(request: HttpRequest, user: User | None, form: ManagedUserForm, grant_form=None, status=200):
    context = {"subject": user, "form": form}
    if user is not None:
        context["grants"] = user.grants.select_related("content_type", "granted_by").order_by(
            "role", "created_at"
        )
        context["grant_form"] = grant_form or TargetGrantForm()
    return render(request, "accounts/manage_user.html", context, status=status)


@login_required
def create_user(request: HttpRequest) -> HttpResponse:
    _operator_only(request)
    form = ManagedUserForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            user = save_user(form)
            messages.success(request, f"已新建用户“{user.username}”。")
            return redirect("manage_user", user.pk)
        return _user_page(request, None, form, status=400)
    return _user_page(request, None, form)


@login_required
def edit_user(request: HttpRequest, pk: int) -> HttpResponse:
    _operator_only(request)
    user = get_object_or_404(User, pk=pk)
    form = ManagedUserForm(request.POST or None, instance=user)
    if request.method == "POST":
        if form.is_valid():
            save_user(form)
            messages.success(request, f"已保存用户“{user.username}”。")
            return redirect("manage_user", user.pk)
        return _user_page(request, user, form, status=400)
    return _user_page(request, user, form)


@login_required
@require_POST
def grant(request: HttpRequest, pk: int) -> HttpResponse:
    _operator_only(request)
    user = get_object_or_404(User, pk=pk)
    form = TargetGrantForm(request.POST)
    if not form.is_valid():
        return _user_page(request, user, ManagedUserForm(instance=user), grant_form=form, status=400)
    data = form.cleaned_data
    held = grants.grant(user, data["role"], data["obj"], by=request.user, expires_at=data["expires_at"])
    messages.success(request, f"已授予“{user}”{held.role_label}：{data['obj']}。")
    return redirect("manage_user", user.pk)


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int, grant: int) -> HttpResponse:
    _operator_only(request)
    found = get_object_or_404(Grant.objects.select_related("user"), pk=grant, user_id=pk)
    grants.revoke(found)
    messages.success(request, f"已收回“{found.user}”的{found.role_label}。")
    return redirect("manage_user", pk)
