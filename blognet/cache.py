"""The shared cache (Redis, with REDIS_URL) that never takes a page down with it.

Everything Blognet keeps in the cache can be made again from the database: fragments and cards are
rendered anew, a session is read from its row (cached_db), a rate limit starts counting again. So a
cache that cannot be reached is treated as an empty cache that keeps nothing: reads miss, writes are
dropped, and nobody gets a 500. Django's RedisCache raises instead (and so does cached_db, which
writes a session it read from the database back into the cache).

After a failure the cache is left alone for RETRY_AFTER seconds: a page asks it several things, and
each would otherwise wait for the connection to time out again. A warning is logged at most once
per WARN_EVERY seconds, not per request.

A write dropped in an outage would leave the old value in Redis when it comes back (a network that
was cut, rather than a Redis that restarted empty): a session someone logged out of, whose row is
gone, would be found in the cache again. So the keys of dropped writes are remembered and deleted
before anything else once Redis answers again; past MAX_REMEMBERED of them the whole cache is
cleared instead (Blognet's Redis database holds nothing else that matters: README, Grote
installatie). The other app servers do the same for their own dropped writes.
"""

import logging
import time
from urllib.parse import urlsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Unreachable, timed out, but also a Redis that refuses (out of memory, a replica after a failover
# that takes no writes): each is a cache that cannot help now.
UNREACHABLE = RedisError
MAX_REMEMBERED = 10_000


class FailOpenRedisCache(RedisCache):
    """RedisCache that answers as an empty cache while Redis cannot be reached (see the module)."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self.retry_after = float(options.pop("RETRY_AFTER", 5))
        self.warn_every = float(options.pop("WARN_EVERY", 60))
        super().__init__(server, {**params, "OPTIONS": options})
        self._down_until = 0.0
        self._warned_at = None
        self._dropped = set()  # made keys of writes that did not reach Redis
        self._must_clear = False
        # Where, for the log: host and port only, never a password in the address.
        self._where = ", ".join(urlsplit(server).netloc.rpartition("@")[2] for server in self._servers)

    def _attempt(self, miss, method, *args, written=(), version=None):
        """method(*args), or `miss` when Redis cannot be reached; `written`: the keys it writes."""
        if time.monotonic() < self._down_until:
            self._drop(written, version)
            return miss
        try:
            self._heal()
            return method(*args)
        except UNREACHABLE as error:
            self._down_until = time.monotonic() + self.retry_after
            self._drop(written, version)
            self._warn(error)
            return miss

    def _drop(self, keys, version):
        if self._must_clear:
            return
        self._dropped.update(self.make_and_validate_key(key, version=version) for key in keys)
        if len(self._dropped) > MAX_REMEMBERED:
            self._dropped.clear()
            self._must_clear = True

    def _heal(self):
        """Undo what the outage left behind, before anything else is read or written."""
        if self._must_clear:
            self._cache.clear()
            self._must_clear = False
        elif self._dropped:
            self._cache.delete_many(list(self._dropped))
            self._dropped.clear()
        else:
            return
        logger.warning("The cache at %s answers again; what it missed in the meantime was removed.", self._where)

    def _warn(self, error):
        now = time.monotonic()
        if self._warned_at is None or now - self._warned_at >= self.warn_every:
            self._warned_at = now
            logger.warning(
                "The cache at %s cannot be reached (%s): pages are made without it, sessions come from the "
                "database, rate limits do not count. Trying again every %s seconds.",
                self._where,
                error,
                self.retry_after,
            )

    def get(self, key, default=None, version=None):
        return self._attempt(default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._attempt({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._attempt(False, super().has_key, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(False, super().add, key, value, timeout, version, written=[key], version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(None, super().set, key, value, timeout, version, written=[key], version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        keys = list(data)
        return self._attempt(keys, super().set_many, data, timeout, version, written=keys, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(False, super().touch, key, timeout, version, written=[key], version=version)

    def delete(self, key, version=None):
        return self._attempt(False, super().delete, key, version, written=[key], version=version)

    def delete_many(self, keys, version=None):
        keys = list(keys)
        return self._attempt(None, super().delete_many, keys, version, written=keys, version=version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        value = self._attempt(missing, super().incr, key, delta, version, written=[key], version=version)
        if value is missing:
            # What an empty cache answers: the key is not there (Django's contract for incr).
            raise ValueError(f"Key '{key}' not found.")
        return value

    def clear(self):
        if self._attempt(False, lambda: self._cache.clear() or True) is False:
            self._dropped.clear()
            self._must_clear = True
