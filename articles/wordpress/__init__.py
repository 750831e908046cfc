"""Importing a WordPress blog from its export file (WXR 1.0, 1.1 and 1.2).

`wxr` reads the file as a stream, `content` turns WordPress bodies into clean HTML,
`media` brings files over, and `importer` writes it all in one transaction, with one
module for each kind of thing: `authors`, `tags`, `posts`, `attachments` and
`redirects` (the old site's addresses). `imported` reads what earlier imports of the
same site recorded; `summary` is the report the command prints.
"""
