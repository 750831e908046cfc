"""Peak memory and time of the editor's upload path for one big image.

    .venv/bin/python scripts/measure_upload_memory.py [--megapixels 50] [--format JPEG]

Makes a photo-like image of that size (in a separate process, so making it is not
measured), then, in a fresh process with the site's settings, does what an upload does:
checks the file (campaign4change/uploads.py), stores it and makes its renditions
(campaign4change/images.py). Prints one JSON line: the file's size, the process's peak
resident memory before and after (the growth is what the upload cost), and the seconds.
tests/test_upload_memory.py runs it for a 50-megapixel JPEG.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def make_image(path, megapixels, image_format):
    from PIL import Image, ImageFilter

    width = int((megapixels * 1_000_000 * 3 / 2) ** 0.5)
    height = int(megapixels * 1_000_000 / width)
    # Smooth light and shade plus grain: compresses like a photograph, not like a
    # flat colour (a few KB) or pure noise (incompressible).
    base = Image.linear_gradient("L").resize((width, height))
    # (Lossless formats get less grain: a 50-megapixel PNG of a photograph is far over
    # the upload limit, one of a chart or a screenshot is not.)
    amount = 40 if image_format == "JPEG" else 4
    grain = Image.effect_noise((width // 4, height // 4), amount).resize((width, height))
    image = Image.merge("RGB", (base, grain, base.filter(ImageFilter.BoxBlur(2))))
    image.save(path, image_format, quality=90)


def measure(path, media_root):
    os.environ["DJANGO_MEDIA_ROOT"] = media_root
    os.environ["DATABASE_URL"] = "sqlite://:memory:"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campaign4change.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.files.storage import default_storage
    from django.core.files.uploadedfile import UploadedFile
    from django.db import connection
    from sorl.thumbnail.models import KVStore

    from campaign4change.images import rendition_set
    from campaign4change.uploads import inspect_image, safe_image_name

    with connection.schema_editor() as editor:
        editor.create_model(KVStore)  # sorl-thumbnail's store, the only table used
    before = peak_rss_mb()
    started = time.perf_counter()
    with open(path, "rb") as file:
        upload = UploadedFile(file, name=os.path.basename(path), size=os.path.getsize(path))
        image_format = inspect_image(upload)
        name = default_storage.save(f"uploads/{safe_image_name(upload.name, image_format)}", upload)
    made = rendition_set(name)
    seconds = time.perf_counter() - started
    return {
        "file_mb": round(os.path.getsize(path) / 1024 / 1024, 1),
        "pixels": made["width"] * made["height"],
        "renditions": sum(len(sizes) for _, sizes in made["sources"]),
        "peak_rss_before_mb": round(before),
        "peak_rss_after_mb": round(peak_rss_mb()),
        "growth_mb": round(peak_rss_mb() - before),
        "seconds": round(seconds, 2),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--megapixels", type=float, default=50)
    parser.add_argument("--format", default="JPEG", choices=["JPEG", "PNG", "WEBP"])
    parser.add_argument("--make", help=argparse.SUPPRESS)  # the child that makes the image
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # the child that measures
    args = parser.parse_args()
    if args.make:
        make_image(args.make, args.megapixels, args.format)
        return
    if args.measure:
        with tempfile.TemporaryDirectory() as media_root:
            print(json.dumps(measure(args.measure, media_root)))
        return
    with tempfile.TemporaryDirectory() as scratch:
        path = os.path.join(scratch, f"photo.{args.format.lower().replace('jpeg', 'jpg')}")
        make = ["--make", path, "--megapixels", str(args.megapixels), "--format", args.format]
        # This interpreter, this script: nothing from outside.
        subprocess.run([sys.executable, __file__, *make], check=True)  # noqa: S603
        result = subprocess.run(  # noqa: S603
            [sys.executable, __file__, "--measure", path],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        print(result.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
