"""What the dossier pages share: the detail page and its action forms."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.models import AccountType, User
from accounts.permissions import AnyUser, is_staff_member
from core.exceptions import DomainError
from dossiers import display, selectors, services
from dossiers.forms import ActionForm, RatingForm, ResultFileForm
from dossiers.models import Dossier, DossierFile, SatisfactionRating
from dossiers.workflow import DossierStatus, Transition

# Actions shown open on the page; the others (refusals, stops, transfers, apologies,
# withdrawals) sit behind a disclosure so they are not clicked by mistake.
PRIMARY_ACTIONS = frozenset(
    {"submit", "receive", "assign", "forward", "approve", "return_result", "supply"}
)


def is_applicant(user: AnyUser) -> bool:
    return isinstance(user, User) and user.account_type in (
        AccountType.CITIZEN,
        AccountType.BUSINESS,
    )


@dataclass
class ActionPanel:
    transition: Transition
    form: ActionForm

    @property
    def is_primary(self) -> bool:
        return self.transition.action in PRIMARY_ACTIONS


def action_panels(
    dossier: Dossier, user: User, bound: ActionForm | None = None
) -> list[ActionPanel]:
    panels = []
    for transition in services.allowed_actions(dossier, user):
        form = bound
        if form is None or form.transition != transition:
            form = ActionForm(transition=transition, dossier=dossier)
        panels.append(ActionPanel(transition, form))
    return panels


def detail_context(
    request: HttpRequest,
    dossier: Dossier,
    *,
    bound: ActionForm | None = None,
    result_form: ResultFileForm | None = None,
    rating_form: RatingForm | None = None,
) -> dict[str, Any]:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 (login required)
    for_staff = is_staff_member(user)
    panels = action_panels(dossier, user, bound)
    actions = {panel.transition.action for panel in panels}
    files = selectors.dossier_files_for(user, dossier)
    now = timezone.now()
    return {
        "dossier": dossier,
        "for_staff": for_staff,
        "is_owner": dossier.owner_id == user.pk,
        "timeline": display.timeline(dossier, for_staff=for_staff),
        "components": component_rows(dossier, files),
        "result_files": [f for f in files if f.kind == DossierFile.Kind.RESULT],
        "panels": panels,
        "result_form": result_form
        or (ResultFileForm() if actions & {"forward", "approve"} else None),
        "rating_form": rating_form or rating_form_for(dossier, user),
        "mark": display.due_mark(dossier, now, selectors.due_soon_limit(now)),
        "missing": dossier.missing_components()
        if dossier.status in (DossierStatus.DRAFT, DossierStatus.SUBMITTED)
        else [],
    }


@dataclass
class ComponentRow:
    name: str
    position: int | None
    is_mandatory: bool
    files: list[DossierFile]
    field: Any = None  # the upload field of this paper, on pages that take files
    reuse_field: Any = None  # ... and the choice of a paper from the data store
    condition: str = ""  # when an optional paper is needed


def component_rows(dossier: Dossier, files: list[DossierFile]) -> list[ComponentRow]:
    """Each paper of the procedure with the files supplied for it."""
    rows = [
        ComponentRow(c.name, c.position, c.is_mandatory, [], condition=c.condition)
        for c in dossier.procedure.components.all()
        if not c.is_note
    ]
    by_position = {row.position: row for row in rows}
    for file in files:
        if file.kind == DossierFile.Kind.COMPONENT and file.component is not None:
            row = by_position.get(file.component.position)
            if row is not None:
                row.files.append(file)
    return rows


def with_fields(
    rows: list[ComponentRow], form: django_forms.Form | None
) -> list[ComponentRow]:
    """Attach each paper's upload field (`component_<position>`) of `form`."""
    if form is not None:
        for row in rows:
            name = f"component_{row.position}"
            row.field = form[name] if name in form.fields else None
            name = f"reuse_{row.position}"
            row.reuse_field = form[name] if name in form.fields else None
    return rows


def rating_form_for(dossier: Dossier, user: User) -> RatingForm | None:
    if dossier.owner_id != user.pk or dossier.status != DossierStatus.RETURNED:
        return None
    if SatisfactionRating.objects.filter(dossier=dossier).exists():
        return None
    return RatingForm()


def render_detail(
    request: HttpRequest, dossier: Dossier, status: int = 200, **forms: Any
) -> HttpResponse:
    context = detail_context(request, dossier, **forms)
    return render(request, "dossiers/detail.html", context, status=status)


def add_component_files(
    *,
    form: django_forms.Form,
    dossier: Dossier,
    actor: User,
    uploads: list[tuple[str, Any, Any]],
) -> bool:
    """Store each upload through the service; a refused file becomes its field's
    error and the others are kept. True when every file was stored."""
    stored_all = True
    for field, component, upload in uploads:
        try:
            services.dossier_file_add(
                dossier=dossier, actor=actor, upload=upload, component=component
            )
        except DomainError as error:
            form.add_error(field, error.message)
            stored_all = False
    return stored_all


def reuse_stored_documents(
    *,
    form: django_forms.Form,
    dossier: Dossier,
    actor: User,
    reuses: list[tuple[str, Any, Any]],
) -> bool:
    """Attach each chosen paper of the data store through the service; a refusal
    becomes its field's error. True when every one was attached."""
    reused_all = True
    for field, component, document in reuses:
        try:
            services.dossier_file_reuse(
                dossier=dossier, actor=actor, component=component, document=document
            )
        except DomainError as error:
            form.add_error(field, error.message)
            reused_all = False
    return reused_all
