"""Logic shared by views, the CLI and tests; views stay thin.

Services change the session and flush; they never commit. The view or CLI
command that called them commits once, so a request or a command is one
transaction: all of it happens, or none of it does.
"""
