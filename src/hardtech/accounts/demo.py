"""Demo accounts for sample organisations without a demo login: a contact account (`demo-contact-<key>`, no
password, so nobody signs in with it) that acts for the organisation where the sample zone needs a person."""

from hardtech.accounts.models import Role, User
from hardtech.catalogue.models import Organisation


def contact_account(key: str, organisation: Organisation) -> User:
    username = f"demo-contact-{key}"
    user = User.objects.filter(username=username).first()
    if user is None:
        role = Role.INSTITUTION if organisation.kind not in ("enterprise", "investor") else Role.ENTERPRISE
        user = User(
            username=username,
            role=role,
            display_name=f"{organisation.name} 联系人",
            organisation=organisation,
        )
        user.set_unusable_password()
        user.save()
    return user
