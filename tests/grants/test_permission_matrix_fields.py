"""The grants' confidential fields, role × surface, written from hardtech.grants.permissions and issue 14:

- an application (its page, receipt, documents, API) is seen by the applicant's users, the operator (管委会) and
  the experts assigned to review it; anybody else gets a 404 as if it did not exist (anonymous: the login page
  on pages, a 401 from the API);
- 收款账户 (the account number betrays it) only to the applicant's users and the operator — never to a
  reviewer; the contact phone neither; 一企一档 figures never to anyone outside those who see the application;
- the operator's own pages and API (desk, decisions, reports and their export, payment batches and the bank
  file, the ledger) are refused to everybody else;
- the public notice shows applicant, article and amount, to anyone; an objection's contact details only to the
  operator.

Each case reads one surface as one role, checks the status and searches the whole answer (the xlsx's cells
too) for every secret the role may not see; where the surface is there to show a secret to the role, its
presence is checked as well, so that a page that stopped rendering it does not pass by saying nothing.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from support.api_calls import api_of
from support.grant_matrix import ROLES, SECRETS, World, matrix_world

api = api_of("/api/grants")
OWNERS = {"operator", "applicant"}
VIEWERS = OWNERS | {"reviewer"}
XLSX = b"PK\x03\x04"
NOTICES = ("notice page", "API notice")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module and rolled back."""
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    media = tmp_path_factory.mktemp("media")
    index = tmp_path_factory.mktemp("match-index")
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=fast, MEDIA_ROOT=media, MATCH_INDEX_DIR=index, MATCH_LEXICAL_ONLY=True
        ),
    ):
        block = transaction.atomic()
        block.__enter__()
        try:
            yield matrix_world()
        finally:
            transaction.set_rollback(True)
            block.__exit__(None, None, None)


@dataclass(frozen=True)
class Surface:
    """How to read the surface, and per role: the status, the secrets it may show, those it must show."""

    read: Callable  # (client, world, user) -> response
    status: Callable[[str], int]
    allowed: Callable[[str], set[str]] = lambda role: set()
    shown: Callable[[str], set[str]] = lambda role: set()


def page(name: str, arg: Callable[[World], int] | None = None) -> Callable:
    def read(client, world, user):
        if user is not None:
            client.force_login(user)
        return client.get(reverse(f"grants:{name}", args=[arg(world)] if arg else []))

    return read


def get(path: Callable[[World], str]) -> Callable:
    return lambda client, world, user: api(client, "get", path(world), user)


def pages_of(ok: set[str], others: int = 404) -> Callable[[str], int]:
    """200 for `ok`, the login page for anonymous, `others` for the rest."""
    return lambda role: 200 if role in ok else 302 if role == "anonymous" else others


def api_of_roles(ok: set[str], others: int = 404) -> Callable[[str], int]:
    return lambda role: 200 if role in ok else 401 if role == "anonymous" else others


def operator_only(role: str) -> int:
    return 200 if role == "operator" else 302 if role == "anonymous" else 403


def all_secrets(roles: set[str]) -> Callable[[str], set[str]]:
    return lambda role: set(SECRETS) if role in roles else set()


APP = lambda w: w.application.pk  # noqa: E731
OFFER = lambda w: w.offer.pk  # noqa: E731
OWN_FIGURES = lambda role: {"bank", "phone", "figures"} if role in OWNERS else set()  # noqa: E731
# The reviewer reads the engine's basis (2025年度研发费用 …), which quotes the 一企一档: it is what is reviewed.
REVIEWED_FIGURES = lambda role: {"figures"} if role == "reviewer" else OWN_FIGURES(role)  # noqa: E731

SURFACES: dict[str, Surface] = {
    "application page": Surface(
        page("application", APP),
        pages_of(VIEWERS),
        allowed=REVIEWED_FIGURES,
        shown=lambda role: {"bank", "phone", "figures"} if role in OWNERS else REVIEWED_FIGURES(role),
    ),
    "offer page": Surface(
        page("offer", OFFER), pages_of(OWNERS), allowed=OWN_FIGURES, shown=lambda r: {"bank"} & OWN_FIGURES(r)
    ),
    "receipt": Surface(page("receipt", APP), pages_of(OWNERS), allowed=OWN_FIGURES),
    "document download": Surface(
        page("document", lambda w: w.document.pk),
        lambda role: 200 if role in VIEWERS else 404,
        allowed=lambda role: {"document"} if role in VIEWERS else set(),
        shown=lambda role: {"document"} if role in VIEWERS else set(),
    ),
    "decide page": Surface(
        page("decide", APP),
        lambda role: 403 if role in VIEWERS - {"operator"} else pages_of({"operator"})(role),
        allowed=all_secrets({"operator"}),
    ),
    "desk": Surface(
        page("desk", lambda w: w.application.call_id), operator_only, allowed=all_secrets({"operator"})
    ),
    "call report": Surface(
        page("call_report", lambda w: w.application.call_id), operator_only, allowed=all_secrets({"operator"})
    ),
    "call report export": Surface(
        page("call_report_export", lambda w: w.application.call_id),
        operator_only,
        allowed=all_secrets({"operator"}),
    ),
    "applicant report": Surface(
        page("applicant_report", lambda w: w.applicant.pk),
        pages_of(OWNERS, 403),
        allowed=OWN_FIGURES,
    ),
    "payment batch": Surface(
        page("payment", lambda w: w.batch.pk), operator_only, allowed=all_secrets({"operator"})
    ),
    "bank file": Surface(
        page("payment_file", lambda w: w.batch.pk),
        operator_only,
        allowed=all_secrets({"operator"}),
        shown=lambda role: {"bank"} if role == "operator" else set(),
    ),
    "ledger page": Surface(page("ledger"), operator_only, allowed=all_secrets({"operator"})),
    "notice page": Surface(
        page("notice", lambda w: w.notice.pk),
        lambda role: 200,
        allowed=lambda role: {"objection"} if role == "operator" else set(),
        shown=lambda role: {"objection"} if role == "operator" else set(),
    ),
    "API applications": Surface(
        get(lambda w: "/applications"), api_of_roles(set(ROLES) - {"anonymous"}), allowed=OWN_FIGURES
    ),
    "API application": Surface(
        get(lambda w: f"/applications/{w.application.pk}"),
        api_of_roles(VIEWERS),
        allowed=REVIEWED_FIGURES,
        shown=lambda role: {"bank", "phone", "figures"} if role in OWNERS else REVIEWED_FIGURES(role),
    ),
    "API decisions": Surface(
        get(lambda w: f"/applications/{w.application.pk}/decisions"),
        lambda role: 403 if role in VIEWERS - {"operator"} else api_of_roles({"operator"})(role),
        allowed=all_secrets({"operator"}),
    ),
    "API offers": Surface(
        get(lambda w: "/offers"), api_of_roles(set(ROLES) - {"anonymous"}), allowed=OWN_FIGURES
    ),
    "API offer": Surface(
        get(lambda w: f"/offers/{w.offer.pk}"),
        api_of_roles(OWNERS),
        allowed=OWN_FIGURES,
        shown=lambda r: {"bank"} & OWN_FIGURES(r),
    ),
    "API payments": Surface(
        get(lambda w: "/payments"), api_of_roles({"operator"}, 403), allowed=all_secrets({"operator"})
    ),
    "API payment": Surface(
        get(lambda w: f"/payments/{w.batch.pk}"),
        api_of_roles({"operator"}, 403),
        allowed=all_secrets({"operator"}),
    ),
    "API ledger": Surface(
        get(lambda w: "/ledger"), api_of_roles({"operator"}, 403), allowed=all_secrets({"operator"})
    ),
    "API notice": Surface(
        get(lambda w: f"/notices/{w.notice.pk}"),
        lambda role: 200,
        allowed=lambda role: {"objection"} if role == "operator" else set(),
        shown=lambda role: {"objection"} if role == "operator" else set(),
    ),
}


def text_of(response) -> str:
    """The answer as text: an xlsx's every cell, anything else its bytes (a streamed file joined)."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body.startswith(XLSX):
        book = load_workbook(io.BytesIO(body))
        return "\n".join(
            str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row if cell
        )
    return body.decode("utf-8", errors="replace")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("surface", list(SURFACES))
def test_a_role_sees_only_what_it_may(client, world, db, surface, role):
    spec = SURFACES[surface]
    response = spec.read(client, world, world.users[role])
    assert response.status_code == spec.status(role)
    text = text_of(response)
    allowed = spec.allowed(role)
    leaked = {
        kind for kind, marks in SECRETS.items() if kind not in allowed and any(m in text for m in marks)
    }
    assert not leaked, f"{surface} shows {role} {sorted(leaked)}"
    missing = {kind for kind in spec.shown(role) if not any(m in text for m in SECRETS[kind])}
    assert not missing, f"{surface} no longer shows {role} {sorted(missing)}"
    if surface in NOTICES:
        assert world.applicant.name in text and "研发费用补助" in text  # 申报主体、条款 for everyone
    elif role not in VIEWERS:
        numbers = (world.application.number, world.offer.number)
        assert not any(n and n in text for n in numbers), f"{surface} names the application to {role}"
