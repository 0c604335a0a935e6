"""One formatting path for dates and times: absolute, in Asia/Shanghai, in the active language."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone
from django.utils.translation import override
from wagtail.admin.ui.tables import Table

from portal.core.admin_columns import DateColumn
from portal.core.dates import format_date, format_datetime, format_time

UTC = datetime.UTC
FUTURE = datetime.date(2029, 12, 1)
PAST = datetime.date(2024, 3, 5)


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("zh-hans", FUTURE, "2029年12月1日"),
        ("zh-hans", PAST, "2024年3月5日"),
        ("en", FUTURE, "1 Dec 2029"),
        ("en", PAST, "5 Mar 2024"),
    ],
)
def test_future_and_past_dates_are_absolute_in_both_languages(language, value, expected):
    with override(language):
        assert format_date(value) == expected


@pytest.mark.parametrize(
    ("language", "expected"), [("zh-hans", "2026年12月2日 15:07"), ("en", "2 Dec 2026, 15:07")]
)
def test_a_utc_datetime_is_shown_in_asia_shanghai(language, expected):
    with override(language):
        assert format_datetime(datetime.datetime(2026, 12, 2, 7, 7, tzinfo=UTC)) == expected


def test_a_time_of_day_is_24_hour_in_the_portals_time_zone_not_the_browsers():
    assert format_time(datetime.datetime(2026, 12, 2, 22, 47, 41, tzinfo=UTC), "en") == "06:47:41"


def test_a_datetime_near_midnight_utc_falls_on_the_next_day_in_shanghai():
    assert format_date(datetime.datetime(2026, 12, 1, 17, 0, tzinfo=UTC), "zh-hans") == "2026年12月2日"


def test_the_template_filters_use_the_same_path():
    now = timezone.now()
    with override("zh-hans"):
        html = Template("{% load portal_dates %}{{ d|portal_date }}|{{ t|portal_datetime }}").render(
            Context({"d": FUTURE, "t": now})
        )
    assert html == f"2029年12月1日|{format_datetime(now, 'zh-hans')}"


def test_a_future_date_in_an_admin_date_column_is_the_date_not_just_now(rf):
    column = DateColumn("expires_on", label="Valid until")
    row = type("Row", (), {"expires_on": FUTURE, "pk": 1})()
    with override("zh-hans"):
        html = Table([column], [row]).render_html({"request": rf.get("/")})
    assert "2029年12月1日" in html and "刚刚" not in html


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, "—"), (True, "是"), (False, "否"), (datetime.datetime(2026, 12, 2, 7, 7, tzinfo=UTC), "2026年12月2日 15:07")],
)
def test_inspect_views_show_no_python_values_and_local_times(value, expected):
    from portal.core.admin_display import display_value

    with override("zh-hans"):
        assert display_value(value) == expected
