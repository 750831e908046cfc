"""Security headers, Content Security Policy, and admin login throttling."""

import re

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, StaffFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")


def policy(response):
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def public_pages():
    article = ArticleFactory(tags=["NHS"])
    author = article.byline_authors[0]
    return ["/", article.get_absolute_url(), "/tag/nhs/", author.get_absolute_url()]


def test_public_pages_get_the_strict_policy(client):
    for url in public_pages():
        response = client.get(url)
        csp = policy(response)
        assert csp["default-src"] == ["'self'"]
        assert csp["script-src"] == ["'self'"]
        assert csp["style-src"] == ["'self'"]
        assert csp["object-src"] == ["'none'"]
        assert csp["frame-ancestors"] == ["'none'"]
        assert csp["base-uri"] == ["'self'"]
        assert "unsafe" not in response["Content-Security-Policy"]


def test_public_pages_have_no_inline_script_or_style_the_policy_would_block(client):
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)", re.I)
    for url in public_pages():
        html = client.get(url).content.decode()
        assert not inline_script.search(html), url
        assert " style=" not in html, url
        assert "<style" not in html, url


def test_the_admin_keeps_scripts_strict_and_only_relaxes_styles_for_the_editor(admin_client):
    response = admin_client.get(reverse("admin:articles_article_add"))
    csp = policy(response)
    assert csp["script-src"] == ["'self'"]
    assert "'unsafe-inline'" in csp["style-src"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_security_headers_on_every_response(client):
    response = client.get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def login(client, password, address="10.0.0.1"):
    return client.post(
        LOGIN,
        {"username": "jo", "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_admin_login_is_throttled_after_five_failures(client, settings):
    StaffFactory(username="jo")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "wrong").status_code == 200  # the form again, with an error
    locked = login(client, "wrong")
    assert locked.status_code == 429
    assert "Sign-in paused" in locked.content.decode()
    # Even the right password is refused while the lock lasts...
    assert login(client, "correct horse battery").status_code == 429
    # ...from that address: the account itself cannot be locked by someone elsewhere.
    response = login(client, "correct horse battery", address="10.0.0.2")
    assert response.status_code == 302


def test_a_successful_login_resets_the_failure_count(client, settings):
    StaffFactory(username="jo")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "wrong")
    assert login(client, "correct horse battery").status_code == 302
    client.logout()
    assert login(client, "wrong").status_code == 200


def test_session_and_csrf_cookies_are_httponly_and_samesite(settings):
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.CSRF_COOKIE_SAMESITE == "Lax"
