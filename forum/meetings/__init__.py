"""Weekly meetings: /meetings, calendar files, and the Meeting Guide feed."""
