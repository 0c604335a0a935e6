"""The portal's roles, as Django groups, with exactly the permissions each needs.

One table, read by the migrations that create and later extend the groups (so a role's rights are
reviewed in one place). Model permissions are "app_label.codename"; page and collection rights are
granted on the root page / root collection (Wagtail's GroupPagePermission / GroupCollectionPermission).
"""

from django.utils.translation import gettext_lazy as _

EMPLOYEE = "Employee"
EXAMINER = "Examiner"
HR = "HR"
EDITOR = "Editor"
COMPLIANCE_REVIEWER = "Compliance reviewer"
ADMINISTRATOR = "Administrator"
# 支行行长 / 网点负责人: read-only, and only for their own org unit and the units below it (the unit of
# their employee record). The role holds no model permission, so no admin listing, snippet or export of
# the whole bank opens to it; the views made for it (dashboards, the team's certificates, grades, reading
# confirmations and exam results) check the role and filter by ``portal.people.scoping.team_units``.
BRANCH_MANAGER = "Branch manager"

ROLE_LABELS = {
    EMPLOYEE: _("Employee"),
    EXAMINER: _("Examiner"),
    HR: _("HR"),
    EDITOR: _("Editor"),
    COMPLIANCE_REVIEWER: _("Compliance reviewer"),
    ADMINISTRATOR: _("Administrator"),
    BRANCH_MANAGER: _("Branch manager"),
}
ALL_ROLES = list(ROLE_LABELS)

ADMIN_ACCESS = "wagtailadmin.access_admin"

# Model permissions per role. Apps built later extend these lists in their own migrations.
MODEL_PERMISSIONS: dict[str, list[str]] = {
    EMPLOYEE: [],
    EXAMINER: [
        ADMIN_ACCESS,
        # Question banks (quizzes): build, import and export banks; see answer keys.
        "quizzes.view_questioncategory",
        "quizzes.add_questioncategory",
        "quizzes.change_questioncategory",
        "quizzes.view_questionbank",
        "quizzes.add_questionbank",
        "quizzes.change_questionbank",
        "quizzes.view_question",
        "quizzes.add_question",
        "quizzes.change_question",
        "quizzes.view_questionversion",
        "quizzes.view_questionimport",
        "quizzes.add_questionimport",
        "quizzes.view_answer_key",
        "quizzes.import_questions",
        "quizzes.export_questions",
        # Grades and certificates (quizzes.certification): enter and confirm skill results (双人复核).
        "certification.view_skilltesttype",
        "certification.view_gradescheme",
        "certification.view_gradelevel",
        "certification.view_skillresult",
        "certification.add_skillresult",
        "certification.confirm_skillresult",
        "certification.view_theoryresult",
        # Keyboard skill tests run by the portal (issue 18): definitions, sittings, invigilation, results.
        "certification.view_skilltestdefinition",
        "certification.add_skilltestdefinition",
        "certification.change_skilltestdefinition",
        "certification.view_skillsitting",
        "certification.add_skillsitting",
        "certification.change_skillsitting",
        "certification.view_skillattempt",
        "certification.invigilate_skillattempt",
        # Exams (quizzes.exams): blueprints, sittings, grading short answers, re-scoring, practice banks.
        "exams.view_examblueprint",
        "exams.add_examblueprint",
        "exams.change_examblueprint",
        "exams.view_sitting",
        "exams.add_sitting",
        "exams.change_sitting",
        "exams.view_sittingoverride",
        "exams.view_attempt",
        "exams.grade_attempt",
        "exams.rescore_attempt",
        "exams.view_rescorerun",
        "exams.view_practicebank",
        "exams.add_practicebank",
        "exams.change_practicebank",
        "exams.archive_sitting",  # issue 16: attempt archives
        "exams.print_paper",  # issue 16: paper sittings
        "exams.enter_paper_answers",  # issue 16: paper sittings (双人复核)
    ],
    HR: [
        ADMIN_ACCESS,
        "people.view_orgunit",
        "people.view_employee",
        "people.add_employee",
        "people.change_employee",
        "people.import_employees",
        # Grades and certificates (quizzes.certification): the scheme, awards, certificates, register.
        "certification.view_gradescheme",
        "certification.add_gradescheme",
        "certification.change_gradescheme",
        "certification.view_gradelevel",
        "certification.add_gradelevel",
        "certification.change_gradelevel",
        "certification.delete_gradelevel",
        "certification.view_skilltesttype",
        "certification.add_skilltesttype",
        "certification.change_skilltesttype",
        "certification.view_postcertificationrequirement",
        "certification.add_postcertificationrequirement",
        "certification.change_postcertificationrequirement",
        "certification.delete_postcertificationrequirement",
        "certification.view_theoryresult",
        "certification.view_skillresult",
        "certification.view_gradeaward",
        "certification.award_grade_manually",
        "certification.view_certificate",
        "certification.issue_certificate",
        "certification.revoke_certificate",
        "certification.view_certificatebatch",
        "certification.view_skillsitting",
        "certification.view_skillattempt",
        # Exams (quizzes.exams): see results; grant and revoke per-person overrides (with a reason).
        "exams.view_sitting",
        "exams.view_attempt",
        "exams.view_rescorerun",
        "exams.view_sittingoverride",
        "exams.add_sittingoverride",
        "exams.change_sittingoverride",
        # Read-and-acknowledge (content.acknowledgements): who has read which rule, by org unit; exports.
        "acknowledgements.view_report",
    ],
    # Drafts pages and translates them with wagtail-localize (its "Translate this page" needs this right).
    EDITOR: [ADMIN_ACCESS, "wagtail_localize.submit_translation"],
    # Approves or rejects rule changes in the review workflow (never their own) and publishes; sees who has read.
    COMPLIANCE_REVIEWER: [ADMIN_ACCESS, "acknowledgements.view_report"],
    ADMINISTRATOR: ["*"],  # every permission that exists
    # The admin home only (its dashboards, scoped to the subtree); never an answer key, never a mutation.
    BRANCH_MANAGER: [ADMIN_ACCESS],
}

# Page permissions on the root page, per role.
PAGE_PERMISSIONS: dict[str, list[str]] = {
    EMPLOYEE: [],
    EXAMINER: [],
    HR: [],
    EDITOR: ["add_page", "change_page"],
    COMPLIANCE_REVIEWER: ["change_page", "publish_page"],
    ADMINISTRATOR: ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"],
    BRANCH_MANAGER: [],
}

# Document and image rights on the root collection (Wagtail checks these per collection).
COLLECTION_PERMISSIONS: dict[str, list[str]] = {
    EMPLOYEE: [],
    EXAMINER: ["wagtaildocs.choose_document", "wagtailimages.choose_image"],
    HR: [],
    EDITOR: [
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
    ],
    COMPLIANCE_REVIEWER: ["wagtaildocs.choose_document", "wagtailimages.choose_image"],
    ADMINISTRATOR: [
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.delete_document",
        "wagtaildocs.choose_document",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.delete_image",
        "wagtailimages.choose_image",
    ],
    BRANCH_MANAGER: [],
}


def _permission(Permission, dotted):
    app_label, codename = dotted.split(".", 1)
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def sync_roles(apps) -> None:
    """Create the role groups and set their permissions to exactly the table above.

    Called from migrations with the historical app registry: people's migration creates the groups,
    and each app whose models add permissions to a role calls it again after creating them, so a
    permission whose model does not exist yet at an earlier point of the migration graph is skipped
    then and granted later. ``PeopleConfig`` also runs it after every ``migrate`` (and test flush)
    with the live registry, so the Administrator's "every permission" includes apps migrated later.
    A test checks that after a full migrate every role holds exactly its list.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Page = apps.get_model("wagtailcore", "Page")

    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Collection = apps.get_model("wagtailcore", "Collection")

    root = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    for role in ALL_ROLES:
        group, _created = Group.objects.get_or_create(name=role)
        wanted = MODEL_PERMISSIONS[role]
        if wanted == ["*"]:
            perms = list(Permission.objects.all())
        else:
            perms = [p for p in (_permission(Permission, dotted) for dotted in wanted) if p is not None]
        group.permissions.set(perms)
        GroupCollectionPermission.objects.filter(group=group).delete()
        if root_collection is not None:
            for dotted in COLLECTION_PERMISSIONS[role]:
                perm = Permission.objects.filter(
                    content_type__app_label=dotted.split(".")[0], codename=dotted.split(".")[1]
                ).first()
                if perm is not None:  # choose_* exist only where the Wagtail version defines them
                    GroupCollectionPermission.objects.create(
                        group=group, collection=root_collection, permission=perm
                    )
        if root is not None:
            GroupPagePermission.objects.filter(group=group).delete()
            for codename in PAGE_PERMISSIONS[role]:
                perm = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
                GroupPagePermission.objects.create(group=group, page=root, permission=perm)
