from __future__ import annotations

from django.contrib import admin

from lytte.customers.models import ContactPoint, Customer, Organization


class ContactPointInline(admin.TabularInline[ContactPoint, Customer]):
    model = ContactPoint
    fk_name = "customer"
    extra = 0
    fields = ["kind", "value", "verified"]


class OrganizationContactPointInline(admin.TabularInline[ContactPoint, Organization]):
    model = ContactPoint
    fk_name = "organization"
    extra = 0
    fields = ["kind", "value", "verified"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin[Organization]):
    list_display = ["name", "org_number", "created_at"]
    search_fields = ["name", "org_number"]
    inlines = [OrganizationContactPointInline]


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin[Customer]):
    list_display = ["name", "organization", "language", "last_contact_at"]
    list_filter = ["language"]
    search_fields = ["name", "contact_points__value", "organization__name"]
    raw_id_fields = ["organization"]
    list_select_related = ["organization"]
    inlines = [ContactPointInline]


@admin.register(ContactPoint)
class ContactPointAdmin(admin.ModelAdmin[ContactPoint]):
    list_display = ["value", "kind", "customer", "organization", "verified"]
    list_filter = ["kind", "verified"]
    search_fields = ["value"]
    raw_id_fields = ["customer", "organization"]
