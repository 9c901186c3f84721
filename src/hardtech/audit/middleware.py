from hardtech.audit.context import acting_as


class CurrentUserMiddleware:
    """Record the signed-in user (web or API) as the actor of every change made by the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        channel = "api" if request.path.startswith("/api/") else "web"
        with acting_as(_LazyUser(request), channel):
            return self.get_response(request)


class _LazyUser:
    """The API authenticates after the middleware runs, so read request.user only when a change happens."""

    def __init__(self, request):
        self.request = request

    def resolve(self):
        user = getattr(self.request, "auth_user", None) or getattr(self.request, "user", None)
        return user if user is not None and user.is_authenticated else None
