#!/usr/bin/env bash
# Install the third-party HTTP/2 peers used by tests/h2tools/test_interop*.py.
#
# Usage (as root on Debian):  bash .ci/install-interop.sh .venv
#
# * Debian's nghttp2-client gives nghttp and h2load; nghttp2-server gives nghttpd.
# * httpx/httpcore and hypercorn go into the given virtualenv with --no-deps,
#   together with their non-HTTP/2 dependencies listed explicitly, so the
#   incumbent h2/hpack/hyperframe/priority are never installed: these peers
#   must run on OUR packages.
# * Idempotent and quick when everything is present; never fails the caller:
#   whatever could not be installed makes the matching tests skip.
set -u

VENV="${1:-.venv}"
PY="$VENV/bin/python"
log() { echo "install-interop: $*" >&2; }

if [ ! -x "$PY" ]; then
    log "no python at $PY; skipping the Python peers"
fi

# -- nghttp2-client (nghttp, h2load) and nghttp2-server (nghttpd) -------------
if command -v nghttp >/dev/null 2>&1 && command -v nghttpd >/dev/null 2>&1 \
        && command -v h2load >/dev/null 2>&1; then
    log "nghttp, nghttpd and h2load already present"
elif command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    if timeout 300 apt-get update -qq >/dev/null 2>&1 \
            && timeout 300 apt-get install -y -qq --no-install-recommends nghttp2-client nghttp2-server \
                >/dev/null 2>&1; then
        log "installed nghttp2-client and nghttp2-server"
    else
        log "could not install nghttp2 tools; nghttp/nghttpd/h2load tests will skip"
    fi
else
    log "apt-get unavailable (or not root); nghttp/nghttpd/h2load tests will skip"
fi

# -- Python peers, without the incumbent HTTP/2 packages ----------------------
# Runtime dependencies of httpx, httpcore, anyio and hypercorn on Python >= 3.10,
# minus h2/hpack/hyperframe/priority (provided by this repository).
PY_PACKAGES=(
    "httpx==0.28.1" "httpcore==1.0.9" "anyio==4.16.0" "sniffio==1.3.1"
    "certifi" "idna" "h11==0.16.0"
    "hypercorn==0.17.3" "wsproto==1.2.0"
    "exceptiongroup" "typing_extensions" "taskgroup" "tomli"
)
if [ -x "$PY" ]; then
    if "$PY" -c "import httpx, httpcore, anyio, sniffio, certifi, idna, h11, hypercorn, wsproto" \
            >/dev/null 2>&1; then
        log "httpx and hypercorn already present"
    elif timeout 300 "$PY" -m pip install -q --disable-pip-version-check --no-deps \
            "${PY_PACKAGES[@]}" >/dev/null 2>&1; then
        log "installed httpx, httpcore, hypercorn and their dependencies (--no-deps)"
    else
        log "could not install the Python peers; httpx/hypercorn tests will skip"
    fi
    # The incumbent packages must never sit beside ours.
    incumbent=$("$PY" -m pip list --disable-pip-version-check --format=freeze 2>/dev/null \
        | grep -iE '^(h2|hpack|hyperframe|priority)==' || true)
    if [ -n "$incumbent" ]; then
        log "removing incumbent packages from $VENV: $(echo "$incumbent" | tr '\n' ' ')"
        "$PY" -m pip uninstall -y -q h2 hpack hyperframe priority >/dev/null 2>&1 || true
    else
        log "verified: no incumbent h2/hpack/hyperframe/priority in $VENV"
    fi
fi
exit 0
