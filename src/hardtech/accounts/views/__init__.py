"""The accounts pages: 我的账号 (password, API tokens), an organisation's members and grants, and the operator's
user management."""
