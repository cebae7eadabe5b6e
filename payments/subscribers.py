"""How payments react to the dossier workflow (subscribed in PaymentsConfig.ready()).

For procedures that take payment online, fees fall due when the transition named by
the procedure's `fee_due` happens: reception (`receive`), a supplement
(`request_supplement`) or the result (`approve`); the request is issued inside the
transition's transaction. Other procedures' fees are issued by a clerk. When the
procedure wants the money before processing and the fees fell due at reception, the
dossier then waits in national status 6 (`request_payment`), its clock paused; the
other fees are enforced by the guard of `return_result`.
"""

from __future__ import annotations

import logging
from typing import Any

from dossiers.workflow import FINAL_STATUSES, DossierStatus
from egov.exceptions import DomainError
from payments import services
from procedures.models import FeeDue, PaymentGate

logger = logging.getLogger(__name__)

# The action at which each moment's fees fall due.
DUE_ON = {
    "receive": FeeDue.RECEPTION,
    "request_supplement": FeeDue.SUPPLEMENT,
    "approve": FeeDue.RESULT,
}


def issue_fees(change: Any) -> None:
    """In the transaction: issue what falls due at this transition, if anything."""
    dossier = change.dossier
    moment = DUE_ON.get(change.event.action)
    procedure = dossier.procedure
    if moment is None or not procedure.online_payment or procedure.fee_due != moment:
        return
    services.payment_request_issue(dossier=dossier, moment=moment, actor=change.actor)


def close_requests(change: Any) -> None:
    """In the transaction: a dossier that ended owes nothing more."""
    if change.target in FINAL_STATUSES:
        services.payment_requests_close(dossier=change.dossier)


def wait_for_payment(change: Any) -> None:
    """After the commit: a dossier whose fees are due before processing waits."""
    from dossiers.services import dossier_apply_action

    dossier = change.dossier
    if (
        change.event.action != "receive"
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
