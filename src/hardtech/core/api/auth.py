"""Who is calling: a bearer token (`Authorization: Bearer <key>`), or the web session for safe methods.

The session is accepted only for GET/HEAD/OPTIONS so that writes never ride on a cookie (no CSRF exposure);
writes always need a token.
"""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer

from hardtech.accounts.models import ApiToken, User

# Who an API view serves: a token's user, or an anonymous caller of a public read.
AnyUser = User | AnonymousUser

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenAuth(HttpBearer):
    """Resolve the caller; ninja answers 401 when this returns None.

    With `required=False` an anonymous caller passes as AnonymousUser (public reads), but a bad token is still
    a 401: a client that sent credentials should learn they are wrong rather than silently see less.
    """

    def __init__(self, required: bool = True) -> None:
        super().__init__()
        self.required = required

    def __call__(self, request: HttpRequest) -> AnyUser | None:
        header = request.headers.get(self.header)
        if header:
            scheme, _, key = header.partition(" ")
            if scheme.lower() != self.openapi_scheme or not key.strip():
                return None
            return self.authenticate(request, key.strip())
        if request.method in SAFE_METHODS and request.user.is_authenticated:
            return request.user
        return None if self.required else AnonymousUser()

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        found = ApiToken.find(token)
        if found is not None and found.is_expired:
            expired = timezone.localtime(found.expires_at)
            raise HttpError(401, f"API 令牌已于 {expired:%Y-%m-%d %H:%M} 过期，请重新申请令牌")
        user = found.use() if found is not None else None
        if user is not None:
            # The audit middleware runs before ninja authenticates; it reads this to name the actor.
            request.auth_user = user
        return user


token_auth = TokenAuth()
optional_auth = TokenAuth(required=False)
