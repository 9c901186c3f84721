"""留言: conversation threads about a record (an achievement or a demand) between the parties who may see it —
the enterprise, the institution, and the technology manager or operator who joins — with attachments, read
receipts and the audit trail."""
