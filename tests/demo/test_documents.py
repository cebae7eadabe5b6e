"""`seed_demo --documents N`: documents in bulk, numbered like the services do."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Max

from documents.models import IncomingDocument, OutgoingDocument, Register

pytestmark = pytest.mark.django_db


def test_bulk_documents_are_numbered_without_gaps_and_searchable():
    out = StringIO()
    call_command("seed_demo", "--skip-demo-dossiers", "--documents", "600", stdout=out)
    assert "600/600" in out.getvalue()
    incoming, outgoing = IncomingDocument.objects, OutgoingDocument.objects
    assert incoming.count() + outgoing.count() == 600
    assert 0.75 < incoming.count() / 600 < 0.93  # about 84% incoming
    per_register = incoming.values("register_id").annotate(
        count=Count("id"), top=Max("arrival_number")
    )
    for row in per_register:  # 1..n in each register: no gap, no duplicate
        assert row["count"] == row["top"]
        register = Register.objects.get(pk=row["register_id"])
        assert register.last_number == row["top"]
    word = incoming.first().search_text.split()[-1]
    assert incoming.filter(search_text__contains=word).exists()


def test_a_negative_count_is_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("seed_demo", "--documents", "-5", stdout=StringIO())
