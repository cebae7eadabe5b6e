from django.urls import path

from feedback.api import views

urlpatterns = [
    path("feedback/", views.FeedbackListCreateApi.as_view(), name="feedback-list"),
    path(
        "feedback/published/",
        views.FeedbackPublishedApi.as_view(),
        name="feedback-published",
    ),
    path(
        "feedback/<str:code>/",
        views.FeedbackDetailApi.as_view(),
        name="feedback-detail",
    ),
    path(
        "feedback/<str:code>/transitions/",
        views.FeedbackTransitionApi.as_view(),
        name="feedback-transitions",
    ),
]
