"""URLs under /messages/: my threads, a thread, starting one about a record, joining, attachments."""

from django.urls import path

from hardtech.messaging.views import attachments, threads

app_name = "messaging"

urlpatterns = [
    path("", threads.thread_list, name="threads"),
    path("<int:pk>/", threads.thread_detail, name="thread"),
    path("<int:pk>/join/", threads.join, name="join"),
    path("new/<str:kind>/<int:pk>/", threads.start, name="start"),
    path("attachments/<int:pk>/", attachments.download, name="attachment"),
]
