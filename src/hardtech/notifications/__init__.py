"""站内信: notifications of events to the users concerned, in the inbox and by e-mail as each user chooses.

Domains declare their event kinds (kinds.register_kind) and call services.notify(...) when one happens.
"""
