"""HARDTECH_LOG_FORMAT=json: every log line is one JSON object with time, level, logger and message, the request's
method, path and status when the record is about a request, and the traceback when it carries an exception."""

import json
import logging
import os
import subprocess
import sys
from datetime import datetime

from django.test import RequestFactory

from hardtech.core.logformat import JsonFormatter


def _record(**extra) -> logging.LogRecord:
    record = logging.getLogger("django.request").makeRecord(
        "django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s", ("/grants/",), None
    )
    record.__dict__.update(extra)
    return record


def test_a_request_record_becomes_one_json_object_with_its_fields():
    request = RequestFactory().post("/grants/")
    line = JsonFormatter().format(_record(request=request, status_code=500, duration=0.25))
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "django.request"
    assert entry["message"] == "Internal Server Error: /grants/"
    assert (entry["method"], entry["path"], entry["status"], entry["duration"]) == (
        "POST",
        "/grants/",
        500,
        0.25,
    )
    assert datetime.fromisoformat(entry["time"]).utcoffset().total_seconds() == 0
    assert "exception" not in entry


def test_an_exception_is_included_with_its_traceback_and_chinese_stays_readable():
    try:
        raise ValueError("金额不能为负")
    except ValueError:
        record = _record(exc_info=sys.exc_info())
    entry = json.loads(JsonFormatter().format(record))
    assert entry["exception"].startswith("Traceback (most recent call last):")
    assert entry["exception"].rstrip().endswith("ValueError: 金额不能为负")


def test_the_setting_switches_the_server_log_to_json(tmp_path):
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('hardtech.test').warning('申报 %s', 'ok', extra={'batch': 7})"
    )
    environ = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "HTTPS")}
    environ |= {"HARDTECH_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "hardtech.settings"}

    def stderr_with(log_format: str) -> str:
        result = subprocess.run(
            [sys.executable, "-c", code],
            env=environ | {"HARDTECH_LOG_FORMAT": log_format},
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return result.stderr.strip()

    entry = json.loads(stderr_with("json"))
    assert entry["logger"] == "hardtech.test" and entry["message"] == "申报 ok" and entry["batch"] == 7
    assert stderr_with("text") == "申报 ok"  # the default stays the plain message
