"""Replace Wagtail's welcome page with the portal's home page in both locales.

The English home page is the Chinese one's translation (same translation_key), so the language
switcher and wagtail-localize treat them as one page.
"""

import uuid

from django.db import migrations


def create_home_pages(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    HomePage = apps.get_model("content", "HomePage")

    zh, _ = Locale.objects.get_or_create(language_code="zh-hans")
    en, _ = Locale.objects.get_or_create(language_code="en")
    Page.objects.filter(content_type__app_label="wagtailcore", content_type__model="page", depth=2).delete()
    if HomePage.objects.exists():
        return
    ct, _ = ContentType.objects.get_or_create(app_label="content", model="homepage")
    key = uuid.uuid4()
    root = Page.objects.get(depth=1)
    pages = []
    for n, (locale, title, slug) in enumerate(
        [(zh, "银行知识与认证门户", "home"), (en, "Knowledge & Certification Portal", "home-en")], start=1
    ):
        pages.append(
            HomePage.objects.create(
                title=title,
                draft_title=title,
                slug=slug,
                content_type=ct,
                path=f"{root.path}{n:04d}",
                depth=2,
                numchild=0,
                url_path=f"/{slug}/",
                locale=locale,
                translation_key=key,
                live=True,
            )
        )
    root.numchild = len(pages)
    root.save(update_fields=["numchild"])
    Site.objects.all().delete()
    Site.objects.create(
        hostname="localhost", port=80, root_page_id=pages[0].pk, is_default_site=True, site_name="Portal"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0001_initial"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [migrations.RunPython(create_home_pages, migrations.RunPython.noop)]
