"""What the call and hub tests share: an application to a call written straight to the tables (the applications'
own services are tested with them), so that an article counts as applied for."""

from hardtech.catalogue.models import Organisation
from hardtech.grants.choices import ApplicationStatus, Mode, Route
from hardtech.grants.models import Application, ApplicationItem, Call


def applied(
    call: Call,
    applicant: Organisation,
    articles: tuple[str, ...] = ("6",),
    *,
    status: str = ApplicationStatus.SUBMITTED,
    route: str = Route.APPLICATION,
    number: str | None = None,
) -> Application:
    application = Application.objects.create(
        call=call, applicant=applicant, status=status, route=route, number=number
    )
    modes = dict(call.articles.values_list("article", "mode"))
    for article in articles:
        ApplicationItem.objects.create(
            application=application,
            article=article,
            title=f"第{article}条",
            mode=modes.get(article, Mode.INSTANT),
        )
    return application
