"""Every write of the events app, one module per area: events.py (the event, its programme and sessions),
registrations.py, requests.py, scheduling.py (the schedule engine, tables, re-planning), day.py (check-in, meeting
status), outcomes.py (each side's outcome; a deal opened from a meeting)."""
