"""A fixed-window rate limit in the cache: shared by all workers once the cache is (Redis)."""

import time

from django.core.cache import cache


def allow(scope, who, *, limit, per_seconds):
    """Count one attempt by `who` at `scope`; False once there were more than `limit` in the window.

    While the shared cache (Redis) is down it counts nothing and allows every attempt (blognet.cache
    answers as an empty cache: incr finds no key). That is on purpose: these limits only keep one
    colleague from hogging the workers with previews, and refusing everyone's preview during an
    outage would be worse than a short while without a limit. Logins are throttled by django-axes
    in the database, not here, so they stay limited.
    """
    window = int(time.time() // per_seconds)
    key = f"ratelimit:{scope}:{who}:{window}"
    cache.add(key, 0, timeout=per_seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr: a new window starts with this one
        cache.add(key, 1, timeout=per_seconds + 1)
        count = 1
    return count <= limit
