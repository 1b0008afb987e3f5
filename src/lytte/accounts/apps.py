from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "lytte.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from lytte.accounts.roles import ensure_role_groups

        # Permissions exist only after every app's post_migrate, so groups are synced then.
        post_migrate.connect(ensure_role_groups, dispatch_uid="lytte.accounts.roles")
