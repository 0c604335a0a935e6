"""Register the People menu (employees, organisation units, Excel import) in the Wagtail admin."""

from wagtail import hooks

from portal.people.admin_views import PeopleViewSetGroup


@hooks.register("register_admin_viewset")
def register_people_viewsets():
    return PeopleViewSetGroup()
