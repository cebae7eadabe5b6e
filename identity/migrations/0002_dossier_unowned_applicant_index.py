"""An index for finding the walk-in dossiers nobody owns by the applicant's number.

Linking a verified account (identity.services.dossiers_link_verified) and the claim
page look dossiers up by `applicant_id_number` among those without an owner; the
index lives with the feature that needs it, partial so that it stays small.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("identity", "0001_initial"),
        ("dossiers", "0002_withdrawn_drafts_have_no_code"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS identity_dossier_unowned_applicant "
            "ON dossiers_dossier (applicant_id_number) WHERE owner_id IS NULL",
            "DROP INDEX IF EXISTS identity_dossier_unowned_applicant",
        )
    ]
