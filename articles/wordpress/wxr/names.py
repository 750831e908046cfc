"""Element names as WordPress reads them, whatever prefixes a file binds.

'{https://wordpress.org/export/1.2/}post_id' is 'wp:post_id' in a file from any
WordPress version, http or https, and whatever prefix it gives the namespace.
"""

import re

# The prefixes a WXR file uses, with the namespaces WordPress binds them to. WordPress's
# own importer reads the wp and excerpt namespaces from the file: WordPress.com, and
# the theme test data, write https://wordpress.org/export/1.2/. So does this reader,
# for every prefix here; the WXR namespaces are also known by themselves (any version,
# http or https), whatever prefix a file gives them.
NAMESPACE_PREFIXES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
PREFIXES = {"wp", "excerpt", *NAMESPACE_PREFIXES.values()}
WXR_NAMESPACE = re.compile(r"https?://wordpress\.org/export/[0-9.]+(/excerpt)?/?\Z")


class QualifiedNames:
    """'{https://wordpress.org/export/1.2/}post_id' -> 'wp:post_id', for one document
    whose root element binds the prefixes in `nsmap`."""

    def __init__(self, nsmap=None):
        self.prefixes = dict(NAMESPACE_PREFIXES)
        self.prefixes.update(
            (namespace, prefix) for prefix, namespace in (nsmap or {}).items() if prefix in PREFIXES
        )
        self.cache = {}

    def __call__(self, tag):
        try:
            return self.cache[tag]
        except KeyError:
            pass
        name = tag
        if isinstance(tag, str) and tag.startswith("{"):
            namespace, local = tag[1:].split("}", 1)
            prefix = self.prefixes.get(namespace)
            if prefix is None and (wxr := WXR_NAMESPACE.match(namespace)):
                prefix = "excerpt" if wxr.group(1) else "wp"
            name = f"{prefix}:{local}" if prefix else tag
        self.cache[tag] = name
        return name
