"""How payments react to the dossier workflow (subscribed in PaymentsConfig.ready()).

For procedures that take payment online and name a `fee_due`, fees fall due when
that transition happens: reception (`receive`), a supplement
(`request_supplement`) or the result (`approve`); the request is issued inside the
transition's transaction. Other procedures' fees are issued by a clerk. When the
procedure wants the money before processing and the fees fell due at reception, the
dossier then waits in national status 6 (`request_payment`), its clock paused; the
other fees are enforced by the guard of `return_result`.
"""

from __future__ import annotations

import logging

from core.exceptions import DomainError
from dossiers.events import Transitioned
from dossiers.workflow import FINAL_STATUSES, DossierStatus
from payments import services
from procedures.models import FeeDue, PaymentGate

logger = logging.getLogger(__name__)

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
    """After the commit: a dossier whose fees are due before processing waits."""
    from dossiers.services import dossier_apply_action

    dossier = change.dossier
    if (
        change.actor is None
        or not dossier.code
        or change.event.action != "receive"
        or not dossier.procedure.online_payment
        or dossier.procedure.fee_due != FeeDue.RECEPTION
        or dossier.procedure.payment_gate != PaymentGate.PROCESSING
        or dossier.status != DossierStatus.RECEIVED
    ):
        return
    try:
        dossier_apply_action(
            code=dossier.code, action="request_payment", actor=change.actor
        )
    except DomainError as error:
        # Nothing owed (a free channel) leaves the dossier to be processed.
        logger.info(
            "Dossier %s does not wait for payment: %s", dossier.code, error.code
        )
