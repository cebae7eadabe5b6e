"""Existing accounts: those created by the national e-ID login are verified.

Accounts made by the e-ID login have no usable password (accounts.services.
citizen_create_from_eid); every other citizen or business stays unverified until it
proves its identity (docs/accounts.md). The demo citizens are verified by the demo
builder with a recorded demo check. Each account also gets its own security stamp
(the schema migration gave every existing row the same one).
"""

import secrets

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import migrations


def verify_eid_accounts(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    eid = User.objects.filter(
        account_type="citizen",
        national_id__isnull=False,
        password__startswith=UNUSABLE_PASSWORD_PREFIX,
        verified_at__isnull=True,
    )
    for user in eid.iterator():
        user.verified_at = user.last_login or user.date_joined
        user.verification_method = "eid"
        user.save(update_fields=["verified_at", "verification_method"])
    for user in User.objects.only("pk").iterator():
        User.objects.filter(pk=user.pk).update(security_stamp=secrets.token_hex(16))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_identity_tokens_audit")]

    operations = [
        migrations.RunPython(verify_eid_accounts, migrations.RunPython.noop),
    ]
