from django.urls import path

from . import views
from .feeds import AgreementFeed

app_name = "decisions"

urlpatterns = [
    path("proposals/", views.proposal_list, name="proposal_list"),
    path("proposals/new/<int:post_id>/", views.proposal_open, name="proposal_open"),
    path("proposals/move/<int:post_id>/", views.post_move, name="post_move"),
    path("proposals/<int:pk>/answer/", views.proposal_answer, name="proposal_answer"),
    path("proposals/<int:pk>/amend/", views.proposal_amend, name="proposal_amend"),
    path("proposals/<int:pk>/withdraw/", views.proposal_withdraw, name="proposal_withdraw"),
    path("proposals/<int:pk>/reject/", views.proposal_reject, name="proposal_reject"),
    path("proposals/<int:pk>/agreement/", views.agreement_record, name="agreement_record"),
    path("proposals/objections/<int:pk>/resolve/", views.objection_resolve, name="objection_resolve"),
    path("agreements/", views.agreement_register, name="agreement_register"),
    path("agreements/feed/", AgreementFeed(), name="agreement_feed"),
    path("agreements/<int:pk>/done/", views.agreement_done, name="agreement_done"),
    path("agreements/<int:pk>/drop/", views.agreement_drop, name="agreement_drop"),
]
