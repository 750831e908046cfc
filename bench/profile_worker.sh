#!/usr/bin/env bash
# Where a page kind's CPU goes under load, as the benchmark serves it: one gunicorn worker
# (production settings, cold mode: nothing cached but counts and the month list), wrk with
# one connection on the kind's URLs, py-spy sampling the worker while it holds the GIL
# (so waiting for PostgreSQL or Redis is left out). Needs a built benchmark database
# (make bench) and py-spy (`.venv/bin/pip install py-spy`).
#
#   bench/profile_worker.sh c4c_bench_20k post [seconds]
#
# Writes collapsed stacks to artifacts/profile-<kind>.txt and prints the functions that
# took the largest share of samples, their callees included.
set -euo pipefail
cd "$(dirname "$0")/.."
DB=$1 KIND=$2 SECONDS_SAMPLED=${3:-10}
PORT=${PORT:-8765}
OUT="artifacts/profile-${KIND// /_}.txt"
mkdir -p artifacts
export DATABASE_URL="${BENCH_POSTGRES:-postgres://root@127.0.0.1:5432}/$DB"
export DJANGO_ENV=production DJANGO_SECRET_KEY="profile-$(head -c 24 /dev/urandom | base64)"
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost DJANGO_SECURE_SSL_REDIRECT=false
export DJANGO_BENCH=1 DATABASE_CONN_MAX_AGE=600 DJANGO_PAGE_CACHE=off DJANGO_FRAGMENT_CACHE=off
export REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/3} DJANGO_CACHE_KEY_PREFIX="profile-$RANDOM"
.venv/bin/python manage.py collectstatic --no-input -v 0
PATHS=$(mktemp)
.venv/bin/python manage.py bench_urls \
  | .venv/bin/python -c "import json, sys; print('\n'.join(json.load(sys.stdin)[sys.argv[1]]))" "$KIND" >"$PATHS"
.venv/bin/gunicorn campaign4change.wsgi --workers 1 --bind "127.0.0.1:$PORT" --log-level warning &
MASTER=$!
trap 'kill $MASTER 2>/dev/null; rm -f "$PATHS"' EXIT
sleep 3
WORKER=$(awk '{print $1}' "/proc/$MASTER/task/$MASTER/children")
wrk -t1 -c1 -d3s -s bench/wrk/rotate.lua "http://127.0.0.1:$PORT" -- "$PATHS" >/dev/null  # warm up
wrk -t1 -c1 -d$((SECONDS_SAMPLED + 2))s -s bench/wrk/rotate.lua "http://127.0.0.1:$PORT" -- "$PATHS" \
  | grep -E "Requests/sec" &
sleep 1
.venv/bin/py-spy record --pid "$WORKER" --duration "$SECONDS_SAMPLED" --rate 400 --gil \
  --format raw --output "$OUT" --nonblocking >/dev/null 2>&1
wait %2
.venv/bin/python - "$OUT" <<'PY'
import collections, sys
inclusive, total = collections.Counter(), 0
for line in open(sys.argv[1]):
    stack, _, count = line.rstrip().rpartition(" ")
    total += int(count)
    for frame in set(stack.split(";")):
        inclusive[frame] += int(count)
for frame, count in inclusive.most_common(60):
    print(f"{100 * count / total:5.1f}%  {frame[:110]}")
PY
