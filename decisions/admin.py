"""Proposals and agreements in the Django admin: to look, not to change. Every change goes through
decisions.services (on the post page), so that its step, its notifications and its tasks follow."""

from django.contrib import admin

from .models import Agreement, Event, Proposal, Response


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # nothing is ever deleted: withdrawn and rejected proposals keep their history


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["post", "proposer", "stage", "version", "deadline"]
    list_filter = ["stage"]
    search_fields = ["post__title", "body"]


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "person", "version", "choice", "answered_at", "resolved_at"]
    list_filter = ["choice"]


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "owner", "due_date", "state"]
    list_filter = ["state"]


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "what", "actor", "version", "created_at"]
    list_filter = ["what"]
