"""The rich-text editor's image upload, replacing django-ckeditor's own view.

Same protocol as CKEditor 4 expects (JSON for drag-and-drop and paste, a callback
script for the Image dialog's Upload tab), with the site's rules: the
`articles.upload_image` permission, real images only (campaign4change.uploads), safe
file names, CKEditor's double-submit CSRF token, and a callback that runs under the
strict Content Security Policy (a nonce, not 'unsafe-inline').
"""

import json
import os
import re

from ckeditor_uploader import utils
from ckeditor_uploader.backends import get_backend
from ckeditor_uploader.utils import storage
from ckeditor_uploader.views import browse
from csp.decorators import csp_update
from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.html import format_html
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from campaign4change.images import rendition_set
from campaign4change.uploads import inspect_image, safe_image_name

UPLOAD_PERMISSION = "articles.upload_image"
FUNC_NUM = re.compile(r"^\d{1,6}$")


def editor_response(request, url="", error=""):
    """Answer the way the calling editor component expects."""
    func_num = request.GET.get("CKEditorFuncNum", "")
    if FUNC_NUM.match(func_num):
        # The Image dialog posts from a hidden frame and expects a script that calls
        # back into the editor; json.dumps makes the values safe inside the script.
        script = format_html(
            '<script nonce="{}">window.parent.CKEDITOR.tools.callFunction({}, {}, {});</script>',
            request.csp_nonce,
            int(func_num),
            json.dumps(url),
            json.dumps(error),
        )
        return HttpResponse(script, status=400 if error else 200)
    if error:
        return JsonResponse({"uploaded": 0, "error": {"message": error}}, status=400)
    return JsonResponse({"uploaded": 1, "url": url, "fileName": os.path.basename(url)})


def csrf_token_ok(request):
    # CKEditor sends its own token as a form field and a cookie (double submit); the
    # session cookie is SameSite=Lax as well, so another site cannot post here.
    sent, cookie = request.POST.get("ckCsrfToken", ""), request.COOKIES.get("ckCsrfToken", "")
    return bool(sent) and len(sent) >= 16 and constant_time_compare(sent, cookie)


@csrf_exempt  # Replaced by CKEditor's own double-submit token: see csrf_token_ok.
@require_POST
@never_cache
@xframe_options_sameorigin
@csp_update({"frame-ancestors": ["'self'"]})
def upload(request):
    if not (request.user.is_active and request.user.is_staff):
        raise PermissionDenied
    if not request.user.has_perm(UPLOAD_PERMISSION):
        return editor_response(request, error="You may not upload images.")
    if not csrf_token_ok(request):
        return editor_response(request, error="The upload form expired: reload the page.")
    uploaded = request.FILES.get("upload")
    if uploaded is None:
        return editor_response(request, error="Choose an image to upload.")
    try:
        image_format = inspect_image(uploaded)
    except ValidationError as error:
        return editor_response(request, error=error.messages[0])
    name = safe_image_name(uploaded.name, image_format)
    folder = os.path.join(settings.CKEDITOR_UPLOAD_PATH, timezone.now().strftime("%Y/%m"))
    path = storage.get_available_name(os.path.join(folder, name))
    # The backend saves the file and its thumbnail for the editor's image browser.
    saved = get_backend()(storage, uploaded).save_as(path)
    # Made now, once, so that saving the post that uses the image costs no resizing.
    rendition_set(saved)
    return editor_response(request, url=utils.get_media_url(saved))


browse_images = never_cache(permission_required(UPLOAD_PERMISSION, raise_exception=True)(browse))
