from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from portal.ops.health import report


@never_cache
@require_safe
def healthz(request):
    """Public health report for the load balancer and monitoring: JSON, 503 when a component is down."""
    healthy, body = report()
    return JsonResponse(body, status=200 if healthy else 503)
