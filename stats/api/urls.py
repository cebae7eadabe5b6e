from django.urls import path

from stats.api import views

urlpatterns = [
    path("stats/figures/", views.StatsFiguresApi.as_view(), name="stats-figures"),
    path("stats/breakdown/", views.StatsBreakdownApi.as_view(), name="stats-breakdown"),
    path("stats/months/", views.StatsMonthsApi.as_view(), name="stats-months"),
    path("stats/report/", views.StatsReportApi.as_view(), name="stats-report"),
    path(
        "stats/figures/csv/",
        views.StatsFiguresCsvApi.as_view(),
        name="stats-figures-csv",
    ),
    path(
        "stats/breakdown/csv/",
        views.StatsBreakdownCsvApi.as_view(),
        name="stats-breakdown-csv",
    ),
    path(
        "stats/months/csv/", views.StatsMonthsCsvApi.as_view(), name="stats-months-csv"
    ),
    path(
        "stats/report/csv/", views.StatsReportCsvApi.as_view(), name="stats-report-csv"
    ),
]
