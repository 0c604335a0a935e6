"""Revoke a certificate by serial number, with a reason (it stays on record)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from quizzes.certification.models import Certificate
from quizzes.certification.services.issuing import revoke_certificate

from ._common import acting_user


class Command(BaseCommand):
    help = "Revoke a certificate (a status with a reason, never a deletion)."

    def add_arguments(self, parser):
        parser.add_argument("serial")
        parser.add_argument("--reason", required=True)
        parser.add_argument("--user", help="Revoke as this user (recorded in the audit trail)")

    def handle(self, *args, **options):
        certificate = Certificate.objects.filter(serial=options["serial"]).first()
        if certificate is None:
            raise CommandError(f"No certificate {options['serial']}")
        user = acting_user(options["user"])
        try:
            revoke_certificate(certificate, acting_user=user, reason=options["reason"], check_permission=user is not None)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages))
        self.stdout.write(f"{certificate.serial} revoked")
