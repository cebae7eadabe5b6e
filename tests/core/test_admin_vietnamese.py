"""The admin speaks Vietnamese: every label of every project model's admin page
(columns, form fields, read-only fields, inlines, actions, filters)."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path, label_for_field
from django.test import RequestFactory

from tests.accounts.factories import UserFactory

VIETNAMESE = re.compile(
    r"[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]",
    re.IGNORECASE,
)
# Labels that are the same in Vietnamese.
SAME = {"ID", "UUID", "SHA-256", "E-mail", "Email", "VNeID", "API"}
# Left as django-axes wrote it: a column without a translatable title.
THIRD_PARTY = {("axes.AccessAttempt", "Status")}
# The portal's own apps, and the third-party ones whose admin it shows.
PROJECT_APPS = {
    config.label
    for config in apps.get_app_configs()
    if Path(config.path).is_relative_to(settings.BASE_DIR / "")
    and ".venv" not in Path(config.path).parts
} | {"axes", "auth"}


def labels_of(model_admin, request):
    model = model_admin.model
    names = [n for n in model_admin.get_list_display(request) if n != "__str__"]
    names += list(model_admin.get_readonly_fields(request))
    form = model_admin.get_form(request)
    labels = [str(f.label) for f in form.base_fields.values()]
    labels += [str(label_for_field(n, model, model_admin)) for n in names]
    for inline in model_admin.get_inline_instances(request):
        fields = inline.get_formset(request).form.base_fields
        labels += [str(f.label) for name, f in fields.items() if name != "DELETE"]
        labels += [str(inline.model._meta.verbose_name_plural)]
    for name in model_admin.get_list_filter(request):
        if isinstance(name, str):  # the filter is titled by the last field's name
            labels.append(str(get_fields_from_path(model, name)[-1].verbose_name))
    actions = model_admin.get_actions(request)
    labels += [str(description) for _fn, _name, description in actions.values()]
    labels += [str(model._meta.verbose_name), str(model._meta.verbose_name_plural)]
    return labels


@pytest.mark.django_db
def test_admin_labels_are_vietnamese():
    request = RequestFactory().get("/admin/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    english = {}
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for label in labels_of(model_admin, request):
            if (model._meta.label, label) in THIRD_PARTY:
                continue
            if label.strip() and label not in SAME and not VIETNAMESE.search(label):
                english.setdefault(model._meta.label, []).append(label)
    assert english == {}
