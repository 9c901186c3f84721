"""Log filters of the LOGGING setting."""

import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    """Django logs a refused request (403 PermissionDenied, 400 SuspiciousOperation) with the exception that
    refused it, so every 403 wrote a full traceback. A 4xx is the client's doing and says enough in one line:
    its traceback is dropped; server errors keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500:
            record.exc_info = record.exc_text = None
        return True
