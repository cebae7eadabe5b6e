"""Aggregates of dossier statistics, kept up to date with every transition.

`StatsBucket` holds counters per time bucket (a day, a month and a year: every
change is written to all three) × processing agency × procedure, with the field and
the agency's level copied in for grouping. Any period is then a handful of buckets
per agency and procedure, whatever the number of dossiers (docs/statistics.md).

`StatsDossier` remembers, per dossier, exactly what it has added to the buckets, so
a transition only writes the difference, and the few figures that depend on the
present moment (overdue now, due soon, officers' workload) read the open ones.
Both tables are derived data: `manage.py rebuild_stats` recomputes them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Agency
from dossiers.models import Dossier
from procedures.models import Field, Procedure

# Counters of a bucket, in the order of the table's columns (docs/statistics.md).
COUNTERS = (
    # Received in the bucket (the clock started), by channel.
    "received_online",
    "received_counter",
    "received_post",
    # Resolved in the bucket (result signed, or processing stopped), by outcome...
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    # ... and by way of ending.
    "resolved_result",
    "stopped",
    "withdrawn",
    # Not received: refused, withdrawn before reception, returned as incomplete.
    "refused",
    "withdrawn_unreceived",
    "returned_incomplete",
    # Supplement requests made during processing (each request counts).
    "supplement_requests",
    # Apologies given less than one working day before the due date, or after it.
    "late_notices",
    # A dossier starts / stops being overdue (stock = ins - outs up to a day).
    "overdue_in",
    "overdue_out",
    # Resolved with a result: digitised components and electronic result; ratings.
    "digitized",
    "rated",
    "satisfied",
    # Ratings scored on the nine criteria of DOMAIN.md §5.1, and their points.
    "scored",
    "score_points",
    # Received: filed under a VNeID identity (4.5), with papers from the data
    # store (4.3); the component files of received dossiers, and the reused ones.
    "received_eid",
    "received_reused",
    "files_received",
    "files_reused",
    # Resolved (indicator 5.4, on the resolution day): rated "dislike", with a
    # feedback (PAKN) linked, and late or disliked or with feedback, counted once.
    "disliked",
    "with_feedback",
    "dissatisfied",
)


class Grain(models.TextChoices):
    DAY = "d", _("Ngày")
    MONTH = "m", _("Tháng")
    YEAR = "y", _("Năm")


class StatsBucket(models.Model):
    grain = models.CharField(max_length=1, choices=Grain.choices)
    start = models.DateField()
    agency = models.ForeignKey(
        Agency, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    procedure = models.ForeignKey(
        Procedure, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    field = models.ForeignKey(
        Field, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    level = models.CharField(max_length=16)
    received_online = models.IntegerField(default=0)
    received_counter = models.IntegerField(default=0)
    received_post = models.IntegerField(default=0)
    resolved_early = models.IntegerField(default=0)
    resolved_on_time = models.IntegerField(default=0)
    resolved_late = models.IntegerField(default=0)
    resolved_result = models.IntegerField(default=0)
    stopped = models.IntegerField(default=0)
    withdrawn = models.IntegerField(default=0)
    refused = models.IntegerField(default=0)
    withdrawn_unreceived = models.IntegerField(default=0)
    returned_incomplete = models.IntegerField(default=0)
    supplement_requests = models.IntegerField(default=0)
    late_notices = models.IntegerField(default=0)
    overdue_in = models.IntegerField(default=0)
    overdue_out = models.IntegerField(default=0)
    digitized = models.IntegerField(default=0)
    rated = models.IntegerField(default=0)
    satisfied = models.IntegerField(default=0)
    scored = models.IntegerField(default=0)
    score_points = models.IntegerField(default=0)
    received_eid = models.IntegerField(default=0)
    received_reused = models.IntegerField(default=0)
    files_received = models.IntegerField(default=0)
    files_reused = models.IntegerField(default=0)
    disliked = models.IntegerField(default=0)
    with_feedback = models.IntegerField(default=0)
    dissatisfied = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("số liệu thống kê")
        verbose_name_plural = _("số liệu thống kê")
        constraints = [
            models.UniqueConstraint(
                fields=["grain", "start", "agency", "procedure"],
                name="stats_bucket_unique",
            ),
            models.CheckConstraint(
                condition=Q(grain__in=["d", "m", "y"]), name="stats_bucket_grain_valid"
            ),
        ]
        indexes = [
            models.Index(
                fields=["agency", "grain", "start"], name="stats_bucket_agency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.grain} {self.start} {self.agency_id}/{self.procedure_id}"


class StatsDossier(models.Model):
    """What one dossier has added to the buckets, and its state for "now" figures."""

    dossier = models.OneToOneField(
        Dossier,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    procedure = models.ForeignKey(
        Procedure, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    field = models.ForeignKey(
        Field, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    level = models.CharField(max_length=16)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    # Received and not yet resolved.
    is_open = models.BooleanField(default=False)
    legal_due_at = models.DateTimeField(null=True)
    # An open dossier is overdue from this moment on (may lie in the future).
    overdue_from = models.DateTimeField(null=True)
    # {"<counter>:<YYYY-MM-DD>": count} added to the buckets of this key.
    entries = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("đóng góp của hồ sơ vào thống kê")
        verbose_name_plural = _("đóng góp của hồ sơ vào thống kê")
        indexes = [
            models.Index(
                fields=["agency", "overdue_from"],
                condition=Q(is_open=True),
                name="stats_dossier_open_due",
            ),
            models.Index(
                fields=["overdue_from"],
                condition=Q(is_open=True),
                name="stats_dossier_open_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}"


class StatsFeedback(models.Model):
    """What one feedback (PAKN) adds to indicators 5.1–5.3 and the per-agency
    counts, kept up to date from the feedback events (stats.feedback_figures).

    The deadlines still pending are kept as moments, so "late" is decided at the
    time of the question (an unanswered feedback becomes late without an event).
    """

    feedback = models.OneToOneField(
        "feedback.Feedback",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    procedure = models.ForeignKey(
        Procedure,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    field = models.ForeignKey(
        Field,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    level = models.CharField(max_length=16)
    # The day the portal first received it (a transfer keeps it).
    received_on = models.DateField()
    kind = models.CharField(max_length=12)
    is_spam = models.BooleanField(default=False)
    # A repeated feedback, merged by staff into the one it repeats.
    is_repeated = models.BooleanField(default=False)
    # A move (refusal, first information request, answer, publication) came late.
    late_done = models.BooleanField(default=False)
    answered = models.BooleanField(default=False)
    answered_late = models.BooleanField(default=False)
    published = models.BooleanField(default=False)
    # Deadlines not met yet: late once passed.
    answer_due_at = models.DateTimeField(null=True)
    publish_due_at = models.DateTimeField(null=True)
    rated = models.BooleanField(default=False)
    unsatisfied = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("đóng góp của phản ánh vào thống kê")
        verbose_name_plural = _("đóng góp của phản ánh vào thống kê")
        indexes = [
            models.Index(fields=["received_on", "agency"], name="stats_feedback_day")
        ]

    def __str__(self) -> str:
        return f"{self.feedback_id}"
