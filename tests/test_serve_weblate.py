"""Weblate itself as the client: its ``tmserver`` machinery class (weblate/machinery/
tmserver.py, PyPI ``weblate``), configured with ``{"url": "http://…/tmserver/"}`` as a site
administrator would, validates the settings (languages, then "test" en → de) and asks for a
suggestion for a corpus sentence, in Weblate's own code paths (URL quoting, language mapping,
threshold). Its Apertium and LibreTranslate classes ask for the best match the same way.

Weblate does not install here as a whole (borgbackup needs liblz4 headers, pycairo/PyGObject
need the C libraries), so the environment is Weblate without its dependency resolution plus
what the machinery imports, with font rendering (cairo, gi) stubbed; Django runs on an
in-memory SQLite database and a local-memory cache. Point ``TM_WEBLATE_PYTHON`` at that
environment's python (default /tmp/weblate-venv/bin/python); without it the test skips
(fails with TM_REQUIRE_INTEROP=1). How to build it: the module's ``WEBLATE_ENV`` below.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import build_corpus_db, missing
from tests.test_serve import corpus_sentence, edited, start_server, stop_server

WEBLATE_ENV = """python3 -m venv /tmp/weblate-venv
/tmp/weblate-venv/bin/pip install --no-deps weblate
/tmp/weblate-venv/bin/pip install 'django>=5.1,<6' requests django-appconf 'celery<5.6' \\
  sentry-sdk 'lxml<6.1' siphashc weblate-language-data 'translate-toolkit<3.17' filelock \\
  'django-redis<6.1' 'translation-finder<3' GitPython disposable-email-domains nh3 \\
  html2text==2025.4.15 'docutils<0.23' 'pyparsing<3.3' pyicumessageformat \\
  'social-auth-app-django<6' 'djangorestframework<3.17' 'rapidfuzz<3.15' \\
  'django-crispy-forms<2.6' weblate-schemas==2025.6 'django-otp<2' 'django-otp-webauthn<0.8' \\
  'django-celery-beat<2.9' unidecode 'mistletoe<1.6' phply 'aeidon<1.16' iniparse==0.5 \\
  'cssselect<1.4' 'fluent.syntax<0.20' 'ruamel.yaml<0.19' python-dateutil \\
  diff-match-patch==20241021 'regex<2026' 'ahocorasick-rs<1.1' cyrtranslit 'Pillow<13' \\
  jsonschema user-agents 'django-filter<25.3'"""

DRIVER = r'''
import json, sys, types

class _Anything(types.ModuleType):  # font rendering (cairo, Pango): unused by machinery
    def __getattr__(self, name):
        return _Anything(name)
    def __call__(self, *args, **kwargs):
        return _Anything("call")

for name in ("cairo", "gi", "gi.repository"):
    sys.modules[name] = _Anything(name)

import django
from django.conf import settings

settings.configure(
    SECRET_KEY="test", USE_TZ=True, DATA_DIR=sys.argv[4], CACHE_DIR=sys.argv[4],
    CHECK_LIST=[], AUTOFIX_LIST=[], SITE_DOMAIN="localhost", SITE_URL="http://localhost",
    ALLOWED_MACHINERY_DOMAINS=[], AUTH_USER_MODEL="weblate_auth.User",
    INSTALLED_APPS=[
        "django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions",
        "django.contrib.messages", "weblate.addons", "weblate.auth", "weblate.checks",
        "weblate.formats", "weblate.glossary", "weblate.machinery", "weblate.trans",
        "weblate.lang", "weblate_language_data", "weblate.memory", "weblate.screenshots",
        "weblate.fonts", "weblate.accounts", "weblate.configuration", "weblate.utils",
        "weblate.vcs", "weblate.wladmin", "weblate.metrics", "weblate.api", "social_django",
        "rest_framework", "django_otp", "django_otp.plugins.otp_static",
        "django_otp.plugins.otp_totp", "django_otp_webauthn", "crispy_forms",
        "django_celery_beat"],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
)
django.setup()

from weblate.machinery.apertium import ApertiumAPYTranslation
from weblate.machinery.libretranslate import LibreTranslateTranslation
from weblate.machinery.tmserver import TMServerTranslation

url, text = sys.argv[1], sys.argv[2]


class Language:  # (what get_languages reads of weblate.lang.models.Language)
    def __init__(self, code):
        self.code = code

    def __eq__(self, other):
        return self.code == other.code


out = {}
tmserver = TMServerTranslation({"url": url + "/tmserver/"})
tmserver.validate_settings()  # languages, then "test" en -> de: raises on any failure
source, target = tmserver.get_languages(Language("zh_Hans"), Language("en"))
out["tmserver_languages"] = [source, target]
out["tmserver"] = list(tmserver.download_translations(source, target, text, None, None, 75))
apertium = ApertiumAPYTranslation({"url": url + "/"})
apertium.validate_settings()
source, target = apertium.get_languages(Language("zh_Hans"), Language("en"))
out["apertium"] = list(apertium.download_translations(source, target, text, None, None, 75))
libre = LibreTranslateTranslation({"url": url + "/", "key": "any"})
source, target = libre.get_languages(Language("zh_Hans"), Language("en"))
out["libretranslate"] = libre.download_multiple_translations(source, target, [(text, None)])
print(json.dumps(out, ensure_ascii=False))
'''


def weblate_python() -> str:
    python = os.environ.get("TM_WEBLATE_PYTHON", "/tmp/weblate-venv/bin/python")
    if not Path(python).exists():
        missing(f"no Python with Weblate at {python} (set TM_WEBLATE_PYTHON; how to build "
                "one: tests/test_serve_weblate.py WEBLATE_ENV)")
    probe = subprocess.run([python, "-c", "import weblate.machinery, django"],
                           capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        missing(f"{python} cannot import weblate.machinery: {probe.stderr.strip()[-200:]}")
    return python


@pytest.mark.slow
@pytest.mark.interop
def test_weblate_machinery_gets_a_suggestion(tmp_path):
    python = weblate_python()
    running = start_server(build_corpus_db(tmp_path / "tm.db"), tmp_path)
    try:
        source, target = corpus_sentence(running.db)
        driver = tmp_path / "weblate_client.py"
        driver.write_text(DRIVER, encoding="utf-8")
        (tmp_path / "weblate-data").mkdir()
        result = subprocess.run([python, str(driver), running.url, edited(source), "",
                                 str(tmp_path / "weblate-data")],
                                capture_output=True, text=True, timeout=300, check=False)
    finally:
        stop_server(running)
    assert result.returncode == 0, result.stderr[-3000:]
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["tmserver_languages"] == ["zh_hans", "en"]  # as /languages/ lists it
    best = answer["tmserver"][0]
    assert best["text"] == target and best["source"] == source
    assert 75 <= best["quality"] < 100 and best["service"] == "tmserver"
    assert answer["apertium"][0]["text"] == target
    assert next(iter(answer["libretranslate"].values()))[0]["text"] == target


if __name__ == "__main__":  # .ci/run: build the environment when it is not there
    if not Path("/tmp/weblate-venv/bin/python").exists():
        subprocess.run(["bash", "-euc", WEBLATE_ENV], check=True)
