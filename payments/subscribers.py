"""How payments react to the dossier workflow (subscribed in PaymentsConfig.ready()).

For procedures that take payment online and name a `fee_due`, fees fall due when
that transition happens: reception (`receive`), a supplement
(`request_supplement`) or the result (`approve`); the request is issued inside the
transition's transaction. Other procedures' fees are issued by a clerk. After the
commit, a dossier owing what its stage waits for moves to national status 6
(`wait_for_payment`); the workflow's guards refuse processing steps and the hand-over
of the result while such fees are owed, whoever asks (page, API, admin).
"""

from __future__ import annotations

import logging

from accounts.permissions import is_staff_member
from core.exceptions import DomainError
from dossiers.events import Transitioned
from dossiers.workflow import FINAL_STATUSES, DossierStatus
from payments import services
from payments.workflow import PAYABLE
from procedures.models import FeeDue, PaymentGate

logger = logging.getLogger(__name__)

# Where a dossier stands when fees wanted before processing hold it.
BEFORE_PROCESSING = (DossierStatus.RECEIVED, DossierStatus.PROCESSING)
# The action at which each moment's fees fall due.
DUE_ON = {
    "receive": FeeDue.RECEPTION,
    "request_supplement": FeeDue.SUPPLEMENT,
    "approve": FeeDue.RESULT,
}


def record_fees(change: Transitioned) -> None:
    """In the transaction: a dossier that ended owes nothing more; otherwise issue
    what falls due at this transition, if anything."""
    if change.target in FINAL_STATUSES:
        services.payment_requests_close(dossier=change.dossier)
        return
    dossier = change.dossier
    moment = DUE_ON.get(change.event.action)
    procedure = dossier.procedure
    if moment is None or not procedure.online_payment or procedure.fee_due != moment:
        return
    services.payment_request_issue(dossier=dossier, moment=moment, actor=change.actor)


def wait_for_payment(change: Transitioned) -> None:
    """After the commit: a dossier that owes what its stage waits for waits in
    national status 6 (`request_payment`), whichever stage the fees fell due at.

    Received, or back in processing after a supplement: the requests wanted before
    processing (its clock paused). Approved: every request still open, since the
    result is handed over only once the fees are paid.
    """
    from dossiers.services import dossier_apply_action

    dossier = change.dossier
    action = change.event.action
    if not dossier.code or change.actor is None:
        return
    owed = dossier.payment_requests.filter(status__in=PAYABLE)
    if action in ("receive", "supply") and dossier.status in BEFORE_PROCESSING:
        owed = owed.filter(gate=PaymentGate.PROCESSING)
    elif action != "approve" or dossier.status != DossierStatus.RESULT_READY:
        return
    actor = change.actor if is_staff_member(change.actor) else dossier.assignee
    if actor is None or not owed.exists():
        return
    try:
        dossier_apply_action(code=dossier.code, action="request_payment", actor=actor)
    except DomainError as error:
        # Paid or cancelled in between: the dossier goes on.
        logger.info(
            "Dossier %s does not wait for payment: %s", dossier.code, error.code
        )
