"""POST data for Wagtail's page edit form, built from the form the edit view renders (every field, every
inline formset with its management form), so a test changes only what it means to change."""

from __future__ import annotations

from django.forms import CheckboxInput, CheckboxSelectMultiple, SelectMultiple


def _add(data: dict, form) -> None:
    for name, field in form.fields.items():
        bound = form[name]
        key = bound.html_name
        value = bound.value()
        widget = field.widget
        if isinstance(widget, CheckboxInput):
            if value:
                data[key] = "on"
            continue
        if isinstance(widget, SelectMultiple | CheckboxSelectMultiple):
            data[key] = [str(v) for v in (value or [])]
            continue
        formatted = widget.format_value(value) if hasattr(widget, "format_value") else value
        data[key] = "" if formatted is None else formatted


def edit_form_data(client, page, **overrides) -> dict:
    """The edit form of ``page`` as the admin shows it to the client's user, as POST data, with
    ``overrides`` (field names as in the form: ``title``, ``material_change`` …; None removes a key)."""
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200, response.status_code
    form = response.context["form"]
    data: dict = {}
    _add(data, form)
    for formset in form.formsets.values():
        _add(data, formset.management_form)
        for position, child in enumerate(formset.forms, start=1):
            _add(data, child)
            if "ORDER" in child.fields and not data.get(child["ORDER"].html_name):
                data[child["ORDER"].html_name] = str(position)  # keep the order shown (the JS would)
    for key, value in overrides.items():
        key = key.replace("__", "-")
        if value is None:
            data.pop(key, None)
        elif value is True:
            data[key] = "on"
        else:
            data[key] = value
    return data


def set_article(data: dict, number: int, text: str) -> dict:
    """Change the text of article ``number`` in edit-form data."""
    for key, value in data.items():
        if key.startswith("articles-") and key.endswith("-number") and str(value) == str(number):
            data[key[: -len("number")] + "text"] = text
            return data
    raise KeyError(f"no article {number} in the form")
