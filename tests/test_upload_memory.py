"""A 50-megapixel photo uploads without a timeout or a memory spike: its renditions come
from a JPEG decoded at a reduced scale (scripts/measure_upload_memory.py measures it in a
fresh process; docs/newsroom.md reports the figures)."""

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "measure_upload_memory.py"


def test_a_50_megapixel_jpeg_upload_stays_small_and_quick():
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--megapixels", "50", "--format", "JPEG"],
        check=True,
        capture_output=True,
        text=True,
        timeout=240,
    )
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    assert measured["pixels"] >= 49_000_000 and measured["renditions"] == 8
    # Decoded whole it would be 150 MB of pixels, twice over (sorl's colour conversion).
    assert measured["growth_mb"] < 150, measured
    assert measured["seconds"] < 60, measured
