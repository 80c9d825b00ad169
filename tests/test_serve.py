"""``tm serve`` as its clients see it: a real server process on a free loopback port, asked
with the exact requests each client's code builds (Weblate's tmserver, Apertium and
LibreTranslate machinery; Okapi's connector; Virtaal; Pontoon; OmegaT's Apertium and http
team repository), and tm's own JSON API compared with the CLI's ``--json``."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from lxml import etree

from tests.conftest import build_corpus_db, run_tm

TOKEN = "team-token-0123456789abcdef"
SLASH_ZH, SLASH_EN = "质量/效益双提升行动方案", "the quality/efficiency action plan"


@dataclass
class Server:
    url: str
    db: Path
    process: subprocess.Popen
    access_log: Path
    stderr: list[str] = field(default_factory=list)

    def get(self, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
        return request(self.url + path, headers=headers)

    def json(self, path: str, **kwargs) -> object:
        status, _, body = request(self.url + path, **kwargs)
        assert status == 200, (status, body[:300])
        return json.loads(body)


def request(url: str, *, method: str = "GET", data: bytes | None = None,
            headers: dict | None = None) -> tuple[int, dict, bytes]:
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def start_server(db: Path, tmp: Path, *extra: str) -> Server:
    """``tm serve --port 0`` in a subprocess; the port from its 'serving' line on stderr."""
    log = tmp / "access.log"
    tokens = tmp / "tokens.txt"
    tokens.write_text(f"# team\n{TOKEN} alice\n", encoding="utf-8")
    command = [sys.executable, "-m", "tm_tool", "--db", str(db), "serve", "--port", "0",
               "--workers", "1", "--threads", "4", "--token-file", str(tokens),
               "--access-log", str(log), *extra]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                               text=True, env={**os.environ, "TM_NO_PROGRESS": "1"})
    assert process.stderr is not None
    lines: list[str] = []
    deadline = time.monotonic() + 30
    url = None
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            break
        lines.append(line)
        if "serving" in line:
            url = line.split(" on ", 1)[1].split()[0].rstrip("/")
            break
    assert url, f"tm serve did not start: {''.join(lines)}"
    server = Server(url, db, process, log, lines)

    def drain() -> None:  # (a full stderr pipe would block the server)
        for line in process.stderr:  # type: ignore[union-attr]
            server.stderr.append(line)

    threading.Thread(target=drain, daemon=True).start()
    return server


def stop_server(server: Server) -> int:
    server.process.send_signal(signal.SIGTERM)
    return server.process.wait(timeout=30)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Server:
    tmp = tmp_path_factory.mktemp("serve")
    db = build_corpus_db(tmp / "tm.db")
    extra = tmp / "slash.tsv"
    extra.write_text(f"zh\ten\n{SLASH_ZH}\t{SLASH_EN}\n", encoding="utf-8")
    assert run_tm("--db", db, "import", "--src", "zh-CN", "--tgt", "en", extra).exit_code == 0
    running = start_server(db, tmp)
    yield running
    stop_server(running)


def corpus_sentence(db: Path, number: int = 5) -> tuple[str, str]:
    result = run_tm("--db", db, "segments", "show", str(number), "--json")
    seg = json.loads(result.stdout)["segments"][0]
    return seg["source"], seg["target"]


def edited(text: str) -> str:
    """One character changed near the end (a fuzzy match, not an exact one)."""
    return text[:-3] + ("新" if text[-3] != "新" else "旧") + text[-2:]


# --- amaGama / tmserver -----------------------------------------------------------------------

def weblate_url(base: str, src: str, tgt: str, text: str) -> str:
    """weblate/machinery/tmserver.py: get_api_url(src, tgt, "unit", text[:500]…encode()),
    each part quote(part, b"") (slashes too), codes lowercased with '_'."""
    parts = [src, tgt, "unit", text[:500].replace("\r", " ").encode()]
    return "/".join([base.rstrip("/"), *(quote(part, b"") for part in parts)])


def test_weblate_tmserver_request_gets_float_quality_best_first(server):
    source, target = corpus_sentence(server.db)
    status, headers, body = request(weblate_url(server.url + "/tmserver/", "zh_hans", "en",
                                                edited(source)))
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    results = json.loads(body)
    assert results and results[0]["target"] == target and results[0]["source"] == source
    assert all(isinstance(r["quality"], float) and isinstance(r["rank"], float)
               for r in results)
    assert 70.0 <= results[0]["quality"] < 100.0
    qualities = [r["quality"] for r in results]
    assert qualities == sorted(qualities, reverse=True)
    assert set(results[0]) == {"source", "target", "quality", "rank"}


def test_unknown_pair_is_200_empty_list(server):
    """Weblate's validate_settings translates "test" en → de."""
    for url in (weblate_url(server.url + "/tmserver", "en", "de", "test"),
                weblate_url(server.url + "/tmserver", "xx", "yy", "test"),
                weblate_url(server.url + "/tmserver", "en", "zh_hant", "test")):
        status, _, body = request(url)
        assert (status, json.loads(body)) == (200, [])


def test_slash_quoted_as_2f_stays_in_the_text(server):
    results = json.loads(request(weblate_url(server.url + "/tmserver", "zh_hans", "en",
                                             SLASH_ZH))[2])
    assert results[0] == {"source": SLASH_ZH, "target": SLASH_EN, "quality": 100.0,
                          "rank": 100.0}
    # an unquoted slash (amaGama's <path:query>) is the same text
    raw = server.url + "/tmserver/zh_CN/en/unit/" + "/".join(
        quote(part) for part in SLASH_ZH.split("/"))
    assert json.loads(request(raw)[2])[0]["target"] == SLASH_EN


@pytest.mark.parametrize("code", ["zh_hans", "zh_CN", "zh-Hans", "zho", "zh", "cmn", "zh_cn"])
def test_every_spelling_of_simplified_chinese(server, code):
    source, target = corpus_sentence(server.db)
    results = json.loads(request(weblate_url(server.url + "/tmserver", code, "en",
                                             source))[2])
    assert results[0]["target"] == target and results[0]["quality"] == 100.0
    back = json.loads(request(weblate_url(server.url + "/tmserver", "en", code, target))[2])
    assert back[0]["target"] == source


def test_min_similarity_and_max_candidates(server):
    source, _ = corpus_sentence(server.db)
    base = weblate_url(server.url + "/tmserver", "zh_hans", "en", edited(source))
    assert len(json.loads(request(base + "?max_candidates=1")[2])) == 1
    assert json.loads(request(base + "?min_similarity=100")[2]) == []
    low = json.loads(request(base + "?min_similarity=10&max_candidates=100")[2])
    assert low and all(r["quality"] >= 70.0 for r in low) and len(low) <= 30  # amaGama's rules


def test_okapi_virtaal_and_pontoon_forms(server):
    source, target = corpus_sentence(server.db)
    # Okapi TranslateToolkitTMConnector: URLEncoder.encode(text).replace("+", "%20"), zh_CN
    okapi = quote(source, safe="").replace("+", "%20")
    assert json.loads(server.get(f"/tmserver/zh_CN/en/unit/{okapi}")[2])[0]["target"] == target
    # Virtaal's amagama base: …/api/v1/
    assert json.loads(server.get(f"/api/v1/zh_CN/en/unit/{okapi}")[2])[0]["target"] == target
    # Pontoon: the query-string form
    query = urlencode({"source": source, "max_candidates": 5, "min_similarity": 70})
    assert json.loads(server.get(f"/api/v1/zh_CN/en/unit/?{query}")[2])[0]["target"] == target


def test_languages_and_jsonp(server):
    data = server.json("/tmserver/languages/")
    assert {"zh_hans", "zh", "en"} <= set(data["sourceLanguages"]) & set(data["targetLanguages"])
    assert server.json("/api/v1/languages/") == data
    status, _, body = server.get("/tmserver/languages/?jsoncallback=cb")
    assert status == 200 and body.startswith(b"cb({") and body.endswith(b"});")


# --- Apertium APy and LibreTranslate --------------------------------------------------------

def test_omegat_and_weblate_apertium_requests(server):
    source, target = corpus_sentence(server.db)
    pairs = server.json("/listPairs")
    assert pairs["responseStatus"] == 200
    listed = {(p["sourceLanguage"], p["targetLanguage"]) for p in pairs["responseData"]}
    assert {("zh_CN", "en"), ("zh", "en"), ("en", "zh_CN")} <= listed
    # OmegaT: "%s/translate?q=%s&markUnknown=%s&langpair=%s|%s&key=%s", q URL-encoded
    omegat = (f"/translate?q={quote(edited(source), safe='')}&markUnknown=no"
              f"&langpair=zh_CN|en&key=")
    answer = server.json(omegat)
    assert answer["responseStatus"] == 200 and answer["responseData"]["translatedText"] == target
    # Weblate: params langpair, q, markUnknown (requests encodes them)
    weblate = "/translate?" + urlencode({"langpair": "zh_Hans|en", "q": source,
                                         "markUnknown": "no"})
    assert server.json(weblate)["responseData"]["translatedText"] == target
    none = server.json("/translate?" + urlencode({"langpair": "zh_CN|en", "q": "完全无关"}))
    assert none["responseData"]["translatedText"] == "" and none["responseStatus"] == 200


def test_libretranslate_requests(server):
    source, target = corpus_sentence(server.db)
    languages = server.json("/languages")
    assert {"code": "zh", "name": "Chinese", "targets": ["en"]} in languages
    # Weblate: JSON {"api_key", "q": [texts], "source": "zh-Hans", "target": "en"}
    body = json.dumps({"api_key": "", "q": [source, "完全无关"], "source": "zh-Hans",
                       "target": "en"}).encode()
    answer = server.json("/translate", method="POST", data=body,
                         headers={"Content-Type": "application/json"})
    assert answer == {"translatedText": [target, ""]}
    form = urlencode({"q": edited(source), "source": "auto", "target": "en"}).encode()
    answer = server.json("/translate", method="POST", data=form,
                         headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert answer == {"translatedText": target}


# --- OmegaT's http team repository ----------------------------------------------------------

def test_tmx_with_strong_etag_and_304(server):
    status, headers, body = server.get("/tmx/memory.tmx")
    assert status == 200 and headers["ETag"].startswith('"')
    units = etree.fromstring(body).findall(".//tu")
    stats = server.json("/stats")
    assert len(units) == stats["segments"]
    status, again, body = server.get("/tmx/memory.tmx", {"If-None-Match": headers["ETag"]})
    assert (status, body, again["ETag"]) == (304, b"", headers["ETag"])
    origin = stats["origins"][0]["name"]
    status, _, one = server.get(f"/tmx/{quote(origin)}.tmx")
    assert status == 200 and len(etree.fromstring(one).findall(".//tu")) == \
        stats["origins"][0]["segments"]
    assert server.get("/tmx/no-such-document.tmx")[0] == 404


# --- tm's own JSON API ----------------------------------------------------------------------

def cli_json(db: Path, *args: str) -> object:
    result = run_tm("--db", db, *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_own_api_answers_as_the_cli_json(server):
    source, _ = corpus_sentence(server.db)
    query = edited(source)
    assert server.json("/lookup?" + urlencode({"q": query})) == cli_json(server.db, "lookup",
                                                                          query)
    assert server.json("/concordance?" + urlencode({"q": "两个", "limit": 3})) == \
        cli_json(server.db, "concordance", "两个", "--limit", "3")
    assert server.json("/terms?" + urlencode({"q": "兩個確立"})) == \
        cli_json(server.db, "term", "兩個確立")
    assert server.json("/health")["status"] == "ok"


def test_check_a_posted_file(server):
    tsv = "zh\ten\n坚决做到“两个维护”\twe must achieve the two safeguards\n".encode()
    answer = server.json("/check?name=delivery.tsv", method="POST", data=tsv)
    assert answer["summary"]["findings"] >= 1 or answer["findings"]


def test_writes_need_the_token_and_are_recorded(server):
    number = 7
    patch = json.dumps({"target": "Corrected by the team", "status": "approved"}).encode()
    status, headers, body = request(f"{server.url}/segments/{number}", method="PATCH",
                                    data=patch)
    assert status == 401 and json.loads(body)["status"] == 401
    assert "Bearer" in headers["WWW-Authenticate"]
    wrong = {"Authorization": "Bearer not-the-token-at-all"}
    assert request(f"{server.url}/segments/{number}", method="PATCH", data=patch,
                   headers=wrong)[0] == 401
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    answer = server.json(f"/segments/{number}", method="PATCH", data=patch, headers=auth)
    assert answer["changes"][0]["after"]["target"] == "Corrected by the team"
    assert server.json(f"/segments/{number}")["segments"][0]["status"] == "approved"
    history = cli_json(server.db, "segments", "history", str(number))
    last = history["entries"][-1]
    assert last["user"] == "alice" and "serve" in last["command"]
    # the next lookup sees the edit (another connection committed)
    source = server.json(f"/segments/{number}")["segments"][0]["source"]
    assert server.json("/lookup?" + urlencode({"q": source}))["matches"][0]["target"] == \
        "Corrected by the team"


def test_delete_and_glossary_writes(server, tmp_path):
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    counts = {server.json("/health")["segments"] for _ in range(8)}  # (every thread's cache)
    answer = server.json("/segments/3", method="DELETE", headers=auth)
    assert answer["deleted"] == 1
    assert server.get("/segments/3")[0] == 404
    assert {server.json("/health")["segments"] for _ in range(8)} == {counts.pop() - 1}
    added = server.json("/glossary/team-term", method="POST", headers=auth, data=json.dumps(
        {"zh": ["团队术语"], "en": ["team term"]}).encode())
    assert added["changes"]
    terms = server.json("/terms?" + urlencode({"q": "团队术语"}))["terms"]
    assert terms[0]["preferred"] == "team term"
    entries = cli_json(server.db, "glossary", "history", "team-term")
    assert entries[-1]["user"] == "alice"  # (a list: `tm glossary history --json`)
    assert server.json("/glossary/team-term", method="DELETE", headers=auth)["changes"]



def test_a_write_is_seen_by_the_next_read_on_every_thread(server):
    """A thread's own commit does not change its SQLite data_version: the server drops that
    thread's cached glossary by hand (one worker, 4 threads: 8 reads cover them all)."""
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    for step in range(2):
        server.json("/glossary/seen-term", method="POST", headers=auth, data=json.dumps(
            {"zh": ["可见术语"], "en": [f"visible term {step}"],
             "status": "admitted" if step else "preferred"}).encode())
        for _ in range(8):
            found = server.json("/terms?" + urlencode({"q": "可见术语"}))["terms"]
            assert f"visible term {step}" in [found[0]["preferred"], *found[0]["admitted"]]


def test_glossary_writes_follow_tm_glossary_adds_rules(server):
    """The server's POST /glossary is `tm glossary add`: a new concept needs a Chinese term,
    and a second Chinese term of a concept is admitted beside its preferred one (not a
    second preferred term)."""
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    status, _, body = request(server.url + "/glossary/no-chinese", method="POST",
                              headers=auth, data=json.dumps({"en": ["orphan"]}).encode())
    assert status == 400 and "needs a Chinese term" in json.loads(body)["error"]
    for zh in ("主词", "副词"):
        server.json("/glossary/two-zh", method="POST", headers=auth,
                    data=json.dumps({"zh": [zh], "en": ["main word"]}).encode())
    concept = next(c for c in cli_json(server.db, "glossary", "list")
                   if c["concept"] == "two-zh")
    assert {t["text"]: t["status"] for t in concept["terms"] if t["lang"] == "zh"} == \
        {"主词": "preferred", "副词": "admitted"}
