"""Spreadsheet import and export (导入导出): the import framework every domain's importer is declared on
(`framework`: column maps, row validation, the modes, the row report, counts new / changed / unchanged), and the
catalogue's importer and exporter on it. 一企一档 declares its importer in policies.importer.

Commands:
    hardtech import KIND FILE [--mode all-or-nothing|skip-bad] [--dry-run] [--user NAME] [--format F]
    hardtech export KIND FILE [--status published,pending] [--format F]
    hardtech import-public [DIR] [--no-progress]
KIND is organisations, achievements, demands or experts; FILE is .xlsx, .csv or .jsonl with the Chinese
headers of `columns.COLUMNS`.

For the web (an operator's upload page):
    from hardtech.spreadsheets.importer import import_file
    report = import_file(kind, uploaded_file, mode="skip-bad", dry_run=True, actor=request.user)
    report.ok, report.summary(), report.errors  # [RowError(row, column, message)], row as Excel shows it
    report.created, report.changed, report.unchanged  # an unchanged row is never written
    from hardtech.spreadsheets.exporter import export_file
    export_file(kind, io.BytesIO(), "xlsx", statuses=["published"])

Identity: 编号 is the external id. An export writes each record's external id, or `ACH-<pk>` (ORG/DEM/EXP) for
records without one; importing that file finds the same records again (and stores that id once a record is
written), so an exported file re-imports as unchanged rows, never as duplicates. Organisations without 编号 are matched by name.

Limits: settings.IMPORT_MAX_BYTES (default 50 MB) and settings.IMPORT_MAX_ROWS (default 100,000; blank rows
count too); an .xlsx may unpack to at most ten times IMPORT_MAX_BYTES, and its declared size is not believed.

Exports are safe to open in a spreadsheet: text is never written as a formula (see `cells`), and characters a
file cannot hold are dropped instead of failing the export; input with control characters is refused.
"""
