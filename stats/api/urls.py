from django.urls import path

from stats.api import views

urlpatterns = [
    path("stats/figures/", views.StatsFiguresApi.as_view(), name="stats-figures"),
    path("stats/breakdown/", views.StatsBreakdownApi.as_view(), name="stats-breakdown"),
    path("stats/months/", views.StatsMonthsApi.as_view(), name="stats-months"),
    path("stats/report/", views.StatsReportApi.as_view(), name="stats-report"),
]
