"""Write use cases of dossiers. `dossier_apply_action` is the only writer of status.

Every transition runs in one transaction under a row lock on the dossier: two officers
clicking at once are serialised, and the second one is refused by the state machine.
Every transition is published (dossiers.events): statistics and the notification
outbox follow in the transaction, PDF rendering is queued on commit (dossiers.tasks),
so a rolled-back transition sends nothing.

- intake: creating dossiers (online drafts, counter intake) and attaching files;
- transitions: applying workflow actions and who may take them;
- effects: what each transition changes besides the status;
- forms: the official PDF forms kept with the events;
- lookup: the public lookup and its limits;
- logbook: the logbook (form 07) built by a task, with its limits;
- rating: the applicant's satisfaction rating.
"""

from dossiers.services.effects import FORM_EFFECTS
from dossiers.services.forms import dossier_form_store, dossier_forms_missing
from dossiers.services.intake import (
    Applicant,
    dossier_create_online,
    dossier_file_add,
    dossier_file_reuse,
    dossier_intake,
)
from dossiers.services.logbook import (
    logbook_export_build,
    logbook_export_get,
    logbook_export_request,
    logbook_exports_of,
    logbook_exports_purge,
    logbook_exports_stale,
    logbook_period_check,
)
from dossiers.services.lookup import (
    LookupLimited,
    dossier_lookup_limited,
    lookup_limited,
)
from dossiers.services.rating import rating_submit
from dossiers.services.transitions import (
    actor_may,
    allowed_actions,
    dossier_apply_action,
)

__all__ = [
    "FORM_EFFECTS",
    "Applicant",
    "LookupLimited",
    "actor_may",
    "allowed_actions",
    "dossier_apply_action",
    "dossier_create_online",
    "dossier_file_add",
    "dossier_file_reuse",
    "dossier_form_store",
    "dossier_forms_missing",
    "dossier_intake",
    "dossier_lookup_limited",
    "logbook_export_build",
    "logbook_export_get",
    "logbook_export_request",
    "logbook_exports_of",
    "logbook_exports_purge",
    "logbook_exports_stale",
    "logbook_period_check",
    "lookup_limited",
    "rating_submit",
]
