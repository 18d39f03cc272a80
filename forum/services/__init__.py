"""Logic shared by views, the CLI and tests; views stay thin."""
