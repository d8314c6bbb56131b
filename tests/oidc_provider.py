"""A real OpenID Connect provider on loopback for the single sign-on tests.

oidc-provider-mock (authlib and Flask) runs in a thread and does the provider's real work: discovery,
the authorization page, codes, tokens signed with its own key, userinfo, and users whose claims a test
sets over HTTP. A thin WSGI layer of ours in front of it records what Blognet sends to the token
endpoint (the PKCE verifier) and, when a test asks, answers as a hostile or broken provider would: an
ID token signed with a key that is not published, one made for another client, or the answer of an
earlier login again (whose nonce is that login's).
"""

import io
import json
import threading
from contextlib import contextmanager
from urllib.parse import parse_qs, parse_qsl, urlencode

import jwt
import oidc_provider_mock
import requests
import werkzeug.serving
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "blognet"
CLIENT_SECRET = "blognet-geheim"
CALLBACK = "http://testserver/accounts/oidc/callback/"
KID = "blognet-test"
# Re-signed with our published key: "resigned" (claims unchanged, a control), "audience" (made for
# another client). "foreign_key": signed by a key nobody published. "replay": an earlier answer again.
FORGERIES = {"resigned", "audience", "foreign_key", "replay"}


class Provider:
    def __init__(self, app):
        self.app = app
        self.url = ""
        self.forge = None
        # The mock keeps no login session of its own, so it answers every prompt=none (a session renewal)
        # with login_required. A test sets this to stand in for a provider that still knows the colleague:
        # the prompt is dropped, and the test's consent is the provider's silent answer.
        self.remembers_login = False
        self.token_requests = []
        self.answers = []
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.foreign_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    @property
    def discovery_url(self):
        return f"{self.url}/.well-known/openid-configuration"

    def set_user(self, sub, **claims):
        """The provider's own API for a user's claims (PUT /users/<sub>)."""
        requests.put(f"{self.url}/users/{sub}", json=claims, timeout=5).raise_for_status()

    def consent(self, authorize_url, sub):
        """The colleague logs in at the provider's page; returns where it sends the browser back to."""
        answer = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=5)
        assert answer.status_code == 302, answer.text
        return answer.headers["Location"]

    def deny(self, authorize_url):
        answer = requests.post(authorize_url, data={"action": "deny"}, allow_redirects=False, timeout=5)
        assert answer.status_code == 302, answer.text
        return answer.headers["Location"]

    def register_client(self, redirect_uri=CALLBACK):
        """Dynamic client registration, for a provider that knows its clients and their secrets."""
        body = {"redirect_uris": [redirect_uri], "token_endpoint_auth_method": "client_secret_post"}
        answer = requests.post(f"{self.url}/oauth2/clients", json=body, timeout=5)
        answer.raise_for_status()
        return answer.json()

    def __call__(self, environ, start_response):
        if environ["PATH_INFO"] == "/oauth2/authorize" and self.remembers_login:
            query = [(name, value) for name, value in parse_qsl(environ["QUERY_STRING"]) if name != "prompt"]
            environ["QUERY_STRING"] = urlencode(query)
        if environ["PATH_INFO"] == "/oauth2/token" and environ["REQUEST_METHOD"] == "POST":
            body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
            self.token_requests.append({name: values[0] for name, values in parse_qs(body.decode()).items()})
            environ["wsgi.input"] = io.BytesIO(body)
            status, headers, answer = self._pass_on(environ)
            if status.startswith("200"):
                answer = self._forged(answer)
            return self._respond(start_response, status, headers, answer)
        if environ["PATH_INFO"] == "/jwks" and self.forge in {"resigned", "audience", "foreign_key"}:
            status, headers, answer = self._pass_on(environ)
            keys = json.loads(answer)["keys"]
            ours = {**jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True), "kid": KID}
            return self._respond(start_response, status, headers, json.dumps({"keys": [*keys, ours]}).encode())
        return self.app(environ, start_response)

    def _forged(self, answer):
        if self.forge == "replay" and self.answers:
            return self.answers[0]
        self.answers.append(answer)
        if self.forge not in {"resigned", "audience", "foreign_key"}:
            return answer
        tokens = json.loads(answer)
        claims = jwt.decode(tokens["id_token"], options={"verify_signature": False})
        if self.forge == "audience":
            claims["aud"] = "another-application"
        key = self.foreign_key if self.forge == "foreign_key" else self.key
        tokens["id_token"] = jwt.encode(claims, key, algorithm="RS256", headers={"kid": KID})
        return json.dumps(tokens).encode()

    def _pass_on(self, environ):
        started = {}

        def start_response(status, headers, exc_info=None):
            started.update(status=status, headers=headers)

        chunks = self.app(environ, start_response)
        try:
            body = b"".join(chunks)
        finally:
            getattr(chunks, "close", lambda: None)()
        return started["status"], started["headers"], body

    @staticmethod
    def _respond(start_response, status, headers, body):
        headers = [(name, value) for name, value in headers if name.lower() != "content-length"]
        start_response(status, [*headers, ("Content-Length", str(len(body)))])
        return [body]


class QuietRequestHandler(werkzeug.serving.WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        pass


@contextmanager
def running_provider(**options):
    """The provider on 127.0.0.1 at a free port, for as long as the block runs."""
    provider = Provider(oidc_provider_mock.app(require_nonce=True, **options))
    server = werkzeug.serving.make_server("127.0.0.1", 0, provider, threaded=True, request_handler=QuietRequestHandler)
    provider.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()


def switch_on(settings, provider=None, **overrides):
    """Single sign-on configured as the environment would (blognet/settings.py does the same two lists)."""
    settings.OIDC_DISCOVERY_URL = provider.discovery_url if provider else ""
    settings.OIDC_ISSUER = ""
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "people.sso.SSOBackend"]
    middleware = list(settings.MIDDLEWARE)
    after = middleware.index("django.contrib.messages.middleware.MessageMiddleware")
    middleware.insert(after + 1, "people.sso_refresh.SessionRefresh")
    settings.MIDDLEWARE = middleware
    for name, value in overrides.items():
        setattr(settings, name, value)
