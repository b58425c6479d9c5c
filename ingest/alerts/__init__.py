"""Alerts and digests: [[event.alert]] rules checked against the store, sent to webhooks and by e-mail.

config.py parses the rules and [smtp]; rules.py finds occurrences in SQL; check.py records them (once
each) and sends what is due; deliver.py is the sending; digest.py the summary e-mail; commands.py the CLI.
"""
