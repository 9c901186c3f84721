"""An organisation's members: the list for its members; invitations, removal, hand-over of the admin role and
the scoped grants the organisation gives (profile.reader) for its admin and the operator; joining by an
invitation link."""

from collections.abc import Iterable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from hardtech.accounts import grants, membership, scopes
from hardtech.accounts.forms import HandOverForm, InviteForm, JoinForm, ScopedGrantForm
from hardtech.accounts.models import MemberInvitation, Role, User
from hardtech.accounts.permissions import can_manage_members, can_see_members, grantable_on_organisation
from hardtech.catalogue.models import Organisation
from hardtech.core.views import require, safe_next


def grant_candidates(org: Organisation):
    """Whom an organisation may give a scoped role on itself: technology managers (e.g. the manager of its
    deal) and its own members."""
    return User.objects.filter(Q(role=Role.MANAGER) | membership.belongs_to(org), is_active=True).order_by(
        "role", "username"
    )


def grants_panel(
    request: HttpRequest, org: Organisation, form: ScopedGrantForm | None = None, only: Iterable[str] = ()
) -> dict | None:
    """The scoped grants on `org` the user may give and revoke (None if none), for this page and the others
    that show those of `only` (the 一企一档 profile page: profile.reader)."""
    roles = [r for r in grantable_on_organisation(request.user, org) if not only or r.code in only]
    if not roles:
        return None
    return {
        "org": org,
        "grants": grants.grants_on(org, [r.code for r in roles]),
        "form": form or ScopedGrantForm(roles, grant_candidates(org)),
        "next": request.get_full_path(),
    }


def _page(request: HttpRequest, org: Organisation, status: int = 200, **forms) -> HttpResponse:
    manage = can_manage_members(request.user, org)
    members = membership.members(org)
    admins = {g.user_id for g in grants.holders(scopes.ORGANISATION_ADMIN, org)}
    context = {
        "org": org,
        "members": [(m, m.pk in admins) for m in members],
        "manage": manage,
        "is_admin": membership.is_admin(request.user, org),
        "panel": grants_panel(request, org, forms.get("grant_form")),
    }
    if manage:
        context |= {
            "invitations": MemberInvitation.objects.filter(
                organisation=org, accepted_at__isnull=True
            ).order_by("-created_at"),
            "invite_form": forms.get("invite_form") or InviteForm(),
            "hand_over_form": forms.get("hand_over_form") or HandOverForm(members.exclude(pk__in=admins)),
            "new_link": forms.get("new_link", ""),
        }
    return render(request, "accounts/organisation.html", context, status=status)


def _org(request: HttpRequest, pk: int, manage: bool = False) -> Organisation:
    org = get_object_or_404(Organisation, pk=pk)
    require(can_manage_members(request.user, org) if manage else can_see_members(request.user, org))
    return org


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """/account/organisation/: the user's organisation, or a choice when it belongs to several."""
    ids = membership.organisation_ids(request.user)
    if len(ids) == 1:
        return redirect("account_organisation", next(iter(ids)))
    orgs = Organisation.objects.filter(pk__in=ids).order_by("name_sort", "name")
    return render(request, "accounts/organisation_choice.html", {"orgs": orgs})


@never_cache
@login_required
def organisation(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _org(request, pk))


@never_cache
@login_required
@require_POST
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    org = _org(request, pk, manage=True)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _page(request, org, status=400, invite_form=form)
    try:
        invitation, key = membership.invite(org, request.user, form.cleaned_data["email"])
    except membership.MembershipError as exc:
        form.add_error(None, str(exc))
        return _page(request, org, status=400, invite_form=form)
    link = request.build_absolute_uri(reverse("member_join", args=[key]))
    if invitation.email:
        messages.success(request, f"邀请已发送至 {invitation.email}。")
    # Shown in this response only (never_cache): only the key's hash is stored.
    return _page(request, org, new_link=link)


@login_required
@require_POST
def cancel_invitation(request: HttpRequest, pk: int, invitation: int) -> HttpResponse:
    org = _org(request, pk, manage=True)
    deleted, _ = MemberInvitation.objects.filter(
        organisation=org, pk=invitation, accepted_at__isnull=True
    ).delete()
    if not deleted:
        raise Http404
    messages.success(request, "邀请已撤销，其链接不再可用。")
    return redirect("account_organisation", org.pk)


@login_required
@require_POST
def remove_member(request: HttpRequest, pk: int, user: int) -> HttpResponse:
    org = _org(request, pk, manage=True)
    member = get_object_or_404(membership.members(org), pk=user)
    try:
        membership.remove(org, member, request.user)
    except membership.MembershipError as exc:
        messages.error(request, str(exc))
        return redirect("account_organisation", org.pk)
    messages.success(request, f"已将“{member}”移出“{org.name}”。")
    return redirect("account_organisation", org.pk)


@login_required
@require_POST
def hand_over(request: HttpRequest, pk: int) -> HttpResponse:
    org = _org(request, pk)
    require(membership.is_admin(request.user, org))  # only the admin itself passes its role on
    form = HandOverForm(membership.members(org), request.POST)
    if not form.is_valid():
        return _page(request, org, status=400, hand_over_form=form)
    successor = form.cleaned_data["successor"]
    try:
        membership.hand_over(org, request.user, successor)
    except membership.MembershipError as exc:
        form.add_error("successor", str(exc))
        return _page(request, org, status=400, hand_over_form=form)
    messages.success(request, f"已将“{org.name}”的管理员移交给“{successor}”，您仍是本机构成员。")
    return redirect("account_organisation", org.pk)


@login_required
@require_POST
def grant(request: HttpRequest, pk: int) -> HttpResponse:
    org = _org(request, pk)
    roles = grantable_on_organisation(request.user, org)
    require(bool(roles))
    form = ScopedGrantForm(roles, grant_candidates(org), request.POST)
    if not form.is_valid():
        return _page(request, org, status=400, grant_form=form)
    data = form.cleaned_data
    grants.grant(data["user"], data["role"], org, by=request.user, expires_at=data["expires_at"])
    messages.success(request, f"已授予“{data['user']}”{scopes.label(data['role'])}（{org.name}）。")
    return redirect(safe_next(request, reverse("account_organisation", args=[org.pk])))


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int, grant: int) -> HttpResponse:
    org = _org(request, pk)
    codes = [r.code for r in grantable_on_organisation(request.user, org)]
    found = get_object_or_404(grants.grants_on(org, codes), pk=grant)
    grants.revoke(found)
    messages.success(request, f"已收回“{found.user}”的{found.role_label}。")
    return redirect(safe_next(request, reverse("account_organisation", args=[org.pk])))


@never_cache
def join(request: HttpRequest, key: str) -> HttpResponse:
    """The invitee's page: set a user name and password; the account is created as a member."""
    invitation = membership.open_invitation(key)
    if invitation is None:
        return render(request, "accounts/join.html", {"invitation": None}, status=404)
    form = JoinForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = membership.accept(invitation, data["username"], data["password1"], data["display_name"])
        except membership.MembershipError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"账号“{user.username}”已创建，您已成为“{invitation.organisation.name}”的成员，请登录。",
            )
            return redirect("login")
    return render(request, "accounts/join.html", {"invitation": invitation, "form": form})
