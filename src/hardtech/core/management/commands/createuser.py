"""`hardtech createuser USERNAME --role ROLE [--organisation NAME] [--password P]`."""

import getpass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from hardtech.accounts.models import Role, User
from hardtech.audit.context import acting_as
from hardtech.catalogue.models import Organisation


class Command(BaseCommand):
    help = "Create a platform user with a role (operator, manager, institution, enterprise, expert)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", choices=Role.values, required=True)
        parser.add_argument("--organisation", help="exact name of the user's organisation")
        parser.add_argument("--display-name", default="")
        parser.add_argument("--email", default="")
        parser.add_argument("--password", help="prompted for when omitted")

    def handle(
        self,
        *args,
        username: str,
        role: str,
        organisation: str | None,
        display_name: str,
        email: str,
        password: str | None,
        **options,
    ):
        if User.objects.filter(username=username).exists():
            raise CommandError(f"user {username!r} already exists")
        org = None
        if organisation:
            org = Organisation.objects.filter(name=organisation).first()
            if org is None:
                raise CommandError(f"no organisation named {organisation!r}")
        if role in (Role.INSTITUTION, Role.ENTERPRISE) and org is None:
            raise CommandError(f"a {role} user needs --organisation")
        password = password or getpass.getpass("Password: ")
        user = User(
            username=username,
            role=role,
            organisation=org,
            display_name=display_name,
            email=email,
            is_staff=role == Role.OPERATOR,
            is_superuser=role == Role.OPERATOR,
        )
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        user.set_password(password)
        with acting_as(None, "cli"):
            user.save()
        self.stdout.write(self.style.SUCCESS(f"created {role} user {username}"))
