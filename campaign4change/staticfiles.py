"""Static files from the apps, less what must never be served: editor samples, server
scripts.

CKEditor 4 releases ship demo pages (samples/) with known cross-site scripting holes
(CVE-2023-4771, CVE-2024-24816) and some plugins bring server-side scripts (the GeSHi
PHP library of CVE-2024-43407). django-ckeditor 6.7 ships none of them, but a later
release or another app could: this finder leaves them out of `collectstatic` (what
production serves) and of the files served in development, whatever ships them.
"""

from django.contrib.staticfiles.finders import AppDirectoriesFinder
from django.contrib.staticfiles.utils import matches_patterns

# Matched against each file's name and its path, and each folder's name (Django's rule).
NEVER_SERVED = ["samples", "*.php", "*.asp", "*.aspx", "*.cfm"]


def never_served(path):
    parts = path.replace("\\", "/").split("/")
    return matches_patterns(path, NEVER_SERVED) or any(
        matches_patterns(part, NEVER_SERVED) for part in parts
    )


class SafeAppDirectoriesFinder(AppDirectoriesFinder):
    def list(self, ignore_patterns):
        return super().list([*(ignore_patterns or []), *NEVER_SERVED])

    def find(self, path, find_all=False, **kwargs):
        if never_served(path):
            return []
        return super().find(path, find_all=find_all, **kwargs)
