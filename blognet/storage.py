"""Uploads in a private S3-compatible bucket (S3_BUCKET), for several app servers sharing them.

The bucket stays private: no object gets a public ACL, and a browser reaches an object only through
a signed address valid for S3_SIGNED_URL_SECONDS, handed out by /media/ after the permission check
(blognet/media.py). So what the storage calls an object's url() is Blognet's own /media/ address, as
with files on disk: that is what posts, cached cards and the editor keep, never a signed address
that would expire in their HTML and skip the check. signed_url() makes the short-lived one.

What goes wrong talking to the store (unreachable, refused, a timeout) comes out as OSError, as a
full disk would: blognet.images.save_with_file turns it into a message for the person uploading,
and a file gone missing is a FileNotFoundError.
"""

from contextlib import contextmanager
from urllib.parse import urljoin

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


class ObjectStoreFailed(OSError):
    """The object store did not do what was asked."""


@contextmanager
def _as_os_errors():
    """botocore's errors as the OSError a disk would raise (a missing object: FileNotFoundError)."""
    try:
        yield
    except (BotoCoreError, ClientError) as error:
        if isinstance(error, ClientError) and error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey"):
            raise FileNotFoundError(str(error)) from error
        raise ObjectStoreFailed(f"object store: {error}") from error


class PrivateS3Storage(S3Storage):
    def __init__(self, *, addressing_style=None, **settings_):
        # Fail within seconds, not botocore's minute per try: an upload waits for this answer.
        # s3v4 signatures: what every S3-compatible store accepts (SeaweedFS refuses the older kind).
        settings_.setdefault(
            "client_config",
            Config(
                connect_timeout=2,
                read_timeout=20,
                retries={"max_attempts": 2, "mode": "standard"},
                signature_version="s3v4",
                s3={"addressing_style": addressing_style},
            ),
        )
        super().__init__(**settings_)

    def url(self, name, *args, **kwargs):
        """Blognet's own address of the file, as FileSystemStorage makes it (see the module)."""
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name))

    def signed_url(self, name, *, cache_control):
        """A short-lived signed address of the object, for one redirect after the permission check."""
        with _as_os_errors():
            return super().url(name, parameters={"ResponseCacheControl": cache_control})

    def _save(self, name, content):
        with _as_os_errors():
            return super()._save(name, content)

    def _open(self, name, mode="rb"):
        with _as_os_errors():
            return super()._open(name, mode)

    def exists(self, name):
        with _as_os_errors():
            return super().exists(name)

    def delete(self, name):
        with _as_os_errors():
            return super().delete(name)
