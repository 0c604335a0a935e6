"""Template tags of the exam engine: the "My exams" and "Practice" links of the main navigation."""

from django import template

register = template.Library()


@register.inclusion_tag("exams/includes/nav_items.html", takes_context=True)
def exams_nav_items(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"show": bool(user and user.is_authenticated and hasattr(user, "employee")), "request": request}
