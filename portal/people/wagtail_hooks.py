"""Register the People menu (employees, organisation units, Excel import) in the Wagtail admin."""

from django.urls import path
from wagtail import hooks

from portal.people import choosers
from portal.people.admin_views import PeopleViewSetGroup


@hooks.register("register_admin_viewset")
def register_people_viewsets():
    return PeopleViewSetGroup()


@hooks.register("register_admin_urls")
def register_employee_chooser_urls():
    return [path("people/choose/employees/", choosers.search_view, name="people_employee_search")]
