"""``tm serve`` under faults and at its ends: long queries, malformed URLs, unknown routes
(each a JSON error with its status), a client leaving mid-answer, an import writing while it
serves, SIGTERM, and bad command lines."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
from urllib.parse import quote, urlencode, urlsplit

import pytest

from tests.conftest import CORPUS_DIR, build_corpus_db
from tests.test_serve import corpus_sentence, request, start_server, stop_server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("serve-faults")
    running = start_server(build_corpus_db(tmp / "tm.db"), tmp)
    yield running
    stop_server(running)


def raw_get(server, target: bytes) -> tuple[int, dict]:
    """Send a request line as given (urllib would quote it) and read the status and JSON."""
    parts = urlsplit(server.url)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body)


def assert_json_error(status: int, body: bytes, expected: int) -> None:
    assert status == expected
    data = json.loads(body)
    assert data["status"] == expected and data["error"]


def test_a_1_mb_query_is_413_json(server):
    text = "发展" * 250_000  # 1.5 MB of UTF-8 in the body, 1 MB characters … 500,000
    status, _, body = request(server.url + "/translate", method="POST",
                              data=json.dumps({"q": text, "source": "zh", "target": "en"}
                                              ).encode(),
                              headers={"Content-Type": "application/json"})
    assert_json_error(status, body, 413)
    long_url = "/tmserver/zh_CN/en/unit/" + quote("发" * 110_000, safe="")  # ~990 KB URL
    status, _, body = server.get(long_url)
    assert_json_error(status, body, 413)


def test_what_the_http_parser_refuses_is_json_too(server):
    """gunicorn answers these itself, before the application: a request line that is not
    HTTP, a header without a colon. A 3 MB request line reaches the application (413)."""
    status, data = raw_get(server, b"/lookup?q=x HTTP/1.1 extra")
    assert status == 400 and data["status"] == 400 and data["error"]
    status, data = raw_get(server, b"/lookup?q=x HTTP/1.1\r\nno colon here")
    assert status == 400 and data["status"] == 400 and data["error"]
    status, data = raw_get(server, b"/tmserver/zh/en/unit/" + b"%E5%8F%91" * 350_000)
    assert status == 413 and data["status"] == 413
    assert server.get("/lookup?q=x")[0] == 200  # and the worker serves on


def test_malformed_urls_are_400_json(server):
    for target in (b"/tmserver/zh/en/unit/%ZZ", b"/tmserver/zh/en/unit/%FF%FE",
                   b"/lookup?q=%E4%B8", b"/lookup?q=%"):
        status, data = raw_get(server, target)
        assert status == 400 and data["status"] == 400 and "malformed" in data["error"]


def test_unknown_route_and_method_and_bad_parameters(server):
    assert_json_error(*server.get("/no/such/thing")[::2], 404)
    status, headers, body = request(server.url + "/lookup", method="DELETE")
    assert_json_error(status, body, 405)
    assert headers["Allow"] == "GET"
    assert_json_error(*server.get("/lookup")[::2], 400)
    assert_json_error(*server.get("/lookup?q=x&limit=many")[::2], 400)
    assert_json_error(*server.get("/concordance?q=x&side=left")[::2], 400)
    assert_json_error(*server.get("/translate?q=x&langpair=zh")[::2], 400)
    assert_json_error(*server.get("/segments/abc")[::2], 400)
    assert_json_error(*server.get("/segments/999999")[::2], 404)
    status, _, body = request(server.url + "/translate", method="POST", data=b"{not json",
                              headers={"Content-Type": "application/json"})
    assert_json_error(status, body, 400)


def test_client_leaving_mid_answer_does_not_hurt(server):
    parts = urlsplit(server.url)
    for _ in range(3):
        with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
            sock.sendall(b"GET /tmx/memory.tmx HTTP/1.1\r\nHost: x\r\n\r\n")
            sock.recv(100)  # the first bytes only, then hang up
    source, target = corpus_sentence(server.db)
    answer = json.loads(server.get("/lookup?" + urlencode({"q": source}))[2])
    assert answer["matches"][0]["target"] == target
    assert server.process.poll() is None


@pytest.mark.slow
def test_serves_while_an_import_writes(server, tmp_path):
    big = tmp_path / "big.tsv"
    rows = [f"第{n}号测试句子用于并发导入检查。\tTest sentence number {n} for the import."
            for n in range(5_000)]
    big.write_text("zh\ten\n" + "\n".join(rows) + "\n", encoding="utf-8")
    importer = subprocess.Popen([sys.executable, "-m", "tm_tool", "--db", str(server.db),
                                 "import", "--src", "zh-CN", "--tgt", "en", str(big)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    source, target = corpus_sentence(server.db)
    failures: list[object] = []
    answered = 0

    def ask() -> None:
        nonlocal answered
        while importer.poll() is None or answered < 20:
            status, _, body = server.get("/lookup?" + urlencode({"q": source}))
            if status != 200 or json.loads(body)["matches"][0]["target"] != target:
                failures.append((status, body[:200]))
            answered += 1

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert importer.wait(timeout=120) == 0, importer.stderr.read()
    assert not failures and answered >= 20
    after = json.loads(server.get("/lookup?" + urlencode(
        {"q": "第4999号测试句子用于并发导入检查。"}))[2])
    assert after["matches"][0]["score"] == 100  # the new segments are seen at once


def test_sigterm_stops_cleanly_with_an_access_log(tmp_path):
    db = build_corpus_db(tmp_path / "tm.db")
    running = start_server(db, tmp_path)
    assert running.get("/health")[0] == 200
    assert stop_server(running) == 0
    log = running.access_log.read_text(encoding="utf-8")
    assert '"GET /health HTTP/1.1" 200' in log
    assert "Traceback" not in "".join(running.stderr)


def test_bad_command_lines_are_one_line_errors(tmp_path):
    def serve(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "tm_tool", *args], capture_output=True,
                              text=True, timeout=60)

    missing = serve("--db", str(tmp_path / "none.db"), "serve", "--port", "0")
    assert missing.returncode == 2 and missing.stderr.startswith("tm: error:")
    db = build_corpus_db(tmp_path / "tm.db")
    weak = tmp_path / "tokens.txt"
    weak.write_text("short alice\n", encoding="utf-8")
    result = serve("--db", str(db), "serve", "--port", "0", "--token-file", str(weak))
    assert result.returncode == 2 and "tokens.txt:1" in result.stderr
    assert "Traceback" not in result.stderr
    assert CORPUS_DIR.is_dir()
