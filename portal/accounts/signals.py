"""Every lock django-axes decides is written to the sign-in audit trail."""

from axes.signals import user_locked_out
from django.dispatch import receiver

from . import services


@receiver(user_locked_out, dispatch_uid="accounts.record_lockout")
def record_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    services.record_lockout(username or "", ip_address)
