"""The dossier page and its actions, for applicants and staff alike.

Every action goes through `services.dossier_apply_action`; the buttons come from
`services.allowed_actions`, and a refusal of the workflow becomes a form error.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import audit
from accounts.models import AccessAction
from accounts.types import AuthenticatedRequest
from core.exceptions import DomainError, InvalidInput
from dossiers import selectors, services
from dossiers.forms import ActionForm, ResultFileForm
from dossiers.models import Dossier, DossierFile
from dossiers.views.common import add_component_files, render_detail
from dossiers.workflow import Transition


@login_required
def detail(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    dossier = selectors.dossier_get_for(request.user, reference)
    audit.dossier_access_record(
        request, dossier, action=AccessAction.VIEW, channel="page"
    )
    return render_detail(request, dossier)


@login_required
@require_POST
def act(request: AuthenticatedRequest, reference: str, action: str) -> HttpResponse:
    dossier = selectors.dossier_get_for(request.user, reference)
    transition = next(
        (
            t
            for t in services.allowed_actions(dossier, request.user)
            if t.action == action
        ),
        None,
    )
    if transition is None:
        messages.error(
            request, _("Thao tác này không còn thực hiện được với hồ sơ hiện tại.")
        )
        return redirect("dossiers:detail", reference=dossier.reference)
    form = ActionForm(
        request.POST, request.FILES, transition=transition, dossier=dossier
    )
    if form.is_valid() and _files_stored(form, dossier, request):
        try:
            dossier = services.dossier_apply_action(
                code=dossier.reference,
                action=action,
                actor=request.user,
                **form.action_data(),
            )
        except InvalidInput as error:
            form.add_error(form.field_of(error.field), error.message)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return _done(request, dossier, transition)
    dossier = selectors.dossier_get_for(request.user, reference)
    return render_detail(request, dossier, bound=form)


def _files_stored(
    form: ActionForm, dossier: Dossier, request: AuthenticatedRequest
) -> bool:
    """A supplement's files are stored first; the action waits until all are in."""
    uploads = form.component_uploads()
    if not uploads:
        return True
    return add_component_files(
        form=form, dossier=dossier, actor=request.user, uploads=uploads
    )


def _done(
    request: AuthenticatedRequest, dossier: Dossier, transition: Transition
) -> HttpResponse:
    if transition.action == "submit":
        return redirect("dossiers:submitted", reference=dossier.reference)
    if transition.action == "withdraw" and not dossier.code:
        # A draft never reached the agency: it is cancelled, not withdrawn.
        messages.success(
            request,
            _("Đã hủy bản nháp hồ sơ “%(procedure)s”.")
            % {"procedure": dossier.procedure.name},
        )
        return redirect("dossiers:my_dossiers")
    messages.success(
        request,
        _("Đã thực hiện: %(action)s. Trạng thái hồ sơ: %(status)s.")
        % {"action": transition.label, "status": dossier.get_status_display()},
    )
    return redirect("dossiers:detail", reference=dossier.reference)


@login_required
@require_POST
def result_upload(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    """The officer attaches the result (draft or signed) before forwarding."""
    dossier = selectors.dossier_get_for(request.user, reference)
    form = ResultFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.dossier_file_add(
                dossier=dossier,
                actor=request.user,
                upload=form.cleaned_data["result"],
                kind=DossierFile.Kind.RESULT,
            )
        except DomainError as error:
            form.add_error("result", error.message)
        else:
            messages.success(request, _("Đã đính kèm tệp kết quả."))
            return redirect("dossiers:detail", reference=dossier.reference)
    return render_detail(request, dossier, result_form=form)
