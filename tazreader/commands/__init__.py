"""The non-interactive sub-commands."""
