"""Log lines as JSON objects, one a line, for a log collector (HARDTECH_LOG_FORMAT=json in the LOGGING setting).

Every line has time (ISO 8601, UTC), level, logger and message; a record about a request adds its method, path
and status (Django's django.request and django.server records), a timed record its duration in seconds (the
SQL log of django.db.backends), a record with an exception the formatted traceback as exception. Any other
plain value passed through `extra=` is kept under its own name.
"""

import json
import logging
from datetime import UTC, datetime

# The attributes every LogRecord has: whatever else a record carries came through `extra=`.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
_PLAIN = (str, int, float, bool, type(None))


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        # django.server passes its socket as request; only an HttpRequest has method and path.
        for field in ("method", "path"):
            if isinstance(value := getattr(request, field, None), str):
                entry[field] = value
        if (status := getattr(record, "status_code", None)) is not None:
            entry["status"] = status
        for name, value in vars(record).items():
            if name not in _STANDARD and name not in ("request", "status_code") and isinstance(value, _PLAIN):
                entry.setdefault(name, value)
        if record.exc_info:
            record.exc_text = record.exc_text or self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
