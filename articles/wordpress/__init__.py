"""Importing a WordPress blog from its export file (WXR 1.0, 1.1 and 1.2).

`wxr` reads the file as a stream, `content` turns WordPress bodies into clean HTML,
`media` brings attachments over, and `importer` writes it all in one transaction.
"""
