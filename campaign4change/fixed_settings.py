"""Settings that are the same on every machine: the apps, the middleware and the
template engines, the editor's toolbar and what it may make, the content security
policy, image renditions and admin login throttling.

campaign4change/settings.py imports them all and reads everything that differs between
machines from the environment; nothing here reads it.
"""

from datetime import timedelta
from pathlib import Path

from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent

INSTALLED_APPS = [
    # django.contrib.admin with the site's AdminSite (campaign4change/admin_site.py).
    "campaign4change.apps.NewsroomAdminConfig",
    # django.contrib.auth and django-axes, named in the admin's menu as people say it.
    "campaign4change.apps.UsersAndRolesConfig",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "django.contrib.redirects",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "taggit",
    "sorl.thumbnail",
    "ckeditor",
    "ckeditor_uploader",
    "adminsortable2",
    "nested_admin",
    "reversion",
    "reversion_compare",
    "campaign4change.apps.SignInSecurityConfig",
    "csp",
    "campaign4change.apps.Campaign4ChangeConfig",
    "campaign4change.pagecache",
    "articles",
    "briefings",
    "pages",
    "pipeline",
    "bench",
    # Last: its post_migrate hook fills the role groups once every app's permissions exist.
    "editorial",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # With read replicas: a browser that has just saved something reads from the primary
    # for a few seconds (campaign4change/db_router.py). Before anything reads.
    "campaign4change.db_router.ReadYourWritesMiddleware",
    # Before sessions and auth: a cached page for an anonymous reader is served
    # without touching them (campaign4change/pagecache/).
    "campaign4change.pagecache.middleware.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "campaign4change.security.ContentSecurityPolicyMiddleware",
    "campaign4change.security.PrivateResponsesMiddleware",
    "campaign4change.permalinks.PermanentRedirectFallbackMiddleware",
    # Last, as django-axes requires: refuses logins from locked-out clients.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out client is refused before its password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

SITE_ID = 1
# The reading site renders with Jinja2 (campaign4change/jinja2.py says why), from
# jinja2/ (the base and shared includes) and each app's jinja2/ folder; the admin, and
# templates/admin/ which overrides its templates, with Django's own engine.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "campaign4change.jinja2.environment",
            "context_processors": [
                "django.template.context_processors.request",
                "campaign4change.context_processors.site",
            ],
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "campaign4change.context_processors.site",
            ],
        },
    },
]


DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True


# Rich text: CKEditor 4 edits plain HTML stored in TextFields; the server sanitises it
# (campaign4change/sanitizer.py), whatever the editor sends. The widget
# (campaign4change/editor.py) adds the content filter's allow-list, taken from the
# sanitiser, so the editor offers exactly what is kept.
CKEDITOR_UPLOAD_PATH = "uploads/"
CKEDITOR_ALLOW_NONIMAGE_FILES = False
CKEDITOR_IMAGE_BACKEND = "ckeditor_uploader.backends.PillowBackend"
CKEDITOR_BROWSE_SHOW_DIRS = False
CKEDITOR_CONFIGS = {
    "default": {
        "toolbar": "Newsroom",
        "toolbar_Newsroom": [
            ["Format"],
            ["Bold", "Italic", "Strike", "Superscript", "Subscript"],
            ["NumberedList", "BulletedList", "Blockquote", "HorizontalRule"],
            ["Link", "Unlink"],
            ["Image"],
            ["RemoveFormat", "Undo", "Redo"],
        ],
        # Exactly the plugins the toolbar and everyday writing need (the bundled build
        # has some seventy): no source view, no full-page mode, no preview, no forms,
        # no iframes or embeds. SECURITY.md says why each advisory since 4.22.1 misses.
        "plugins": ",".join(
            [
                "wysiwygarea",
                "toolbar",
                "format",
                "basicstyles",
                "list",
                "blockquote",
                "horizontalrule",
                "link",
                # Enhanced Image: captions (<figure>/<figcaption>), alignment, alt text.
                "image2",
                "filebrowser",
                "uploadimage",
                "removeformat",
                "undo",
                "enterkey",
                "entities",
                "htmlwriter",
                # Pasting from Word and Google Docs keeps headings, lists and links; the
                # content filter drops the rest.
                "clipboard",
                "pastefromword",
                "pastefromgdocs",
                # Insert a paragraph before or after an image or a list.
                "magicline",
                "contextmenu",
                "elementspath",
                "resize",
                # Alt+0: the keyboard shortcuts, for people who do not use a mouse.
                "a11yhelp",
            ]
        ),
        "fullPage": False,
        # No calls to ckeditor.com to ask whether this version is outdated (it is: see
        # SECURITY.md). django-ckeditor sets it too; said here so it cannot be lost.
        "versionCheck": False,
        "format_tags": "p;h2;h3;h4;pre",
        "image2_alignClasses": ["image-left", "image-center", "image-right"],
        "image2_captionedClass": "image",
        # Images fit the column (css/editor.css) rather than being dragged to a size.
        "image2_disableResizer": True,
        "height": 420,
        "width": "100%",
        "linkShowAdvancedTab": False,
        "linkShowTargetTab": False,
    },
}

SILENCED_SYSTEM_CHECKS = [
    # ckeditor.W001 warns that the bundled CKEditor 4.22 is past its end of life. We
    # accept it knowingly: the toolbar is small, uploads are images only, and every
    # rich-text field is sanitised on the server with an allow-list (nh3) before it is
    # stored, so no editor bug can put script in front of a reader. Content is stored as
    # plain HTML, so the widget can be replaced without a data migration.
    "ckeditor.W001",
]

# Renditions (campaign4change/images.py, sorl-thumbnail): under renditions/ on the media
# storage, never wider than the original; what exists is remembered in the cache and the
# database (sorl's key-value store), so the storage is not asked again.
THUMBNAIL_PREFIX = "renditions/"
THUMBNAIL_ENGINE = "campaign4change.images.DraftingEngine"
THUMBNAIL_UPSCALE = False
THUMBNAIL_QUALITY = 82

# Admin login throttling (django-axes): after 5 failures for one user name from one
# address, that pair is locked out for an hour. Locking the pair, not the user name
# alone, means nobody can lock a journalist out of their account from elsewhere.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "editorial/locked_out.html"
AXES_USERNAME_CALLABLE = "campaign4change.security.axes_username"

# Content Security Policy (django-csp), enforced everywhere, development included, so
# a violation shows up before it ships. Public pages get the strict policy: scripts,
# styles, fonts and frames from this site only, no inline script or style, no plugins.
# Images may also come from other https sites (imported posts embed them).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "https:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# What the admin adds to it (campaign4change/security.py), only because CKEditor 4
# needs it: its toolbar buttons are inline event handlers (onclick=...), its editing
# frame starts with an inline <script> whose text changes per page (so no hash can
# allow it), its UI is built from HTML with style attributes, and pasted images are
# data: URLs. No 'unsafe-eval', no foreign script hosts, and every rich-text field
# the admin shows is sanitised on the server. Replacing CKEditor 4 (end of life)
# with a CSP-clean editor lets these lines go.
CONTENT_SECURITY_POLICY_ADMIN_UPDATE = {
    "script-src-elem": ["'self'", "'unsafe-inline'"],
    "script-src-attr": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["data:", "blob:"],
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
