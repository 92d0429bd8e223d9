#!/usr/bin/env bash
# Make sure a Chromium that Playwright can drive is present; print its path on stdout.
# Also installs pdftotext (poppler-utils) when missing, for the printed-claim test.
# Order: $CHROMIUM_PATH, /usr/bin/chromium, then install (apt-get as root, else Playwright's own).
set -euo pipefail
# pdftotext (poppler-utils) reads the PDF the browser tests print (the travel claim).
if ! command -v pdftotext >/dev/null 2>&1 && [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing poppler-utils (pdftotext) with apt-get (one time)..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >&2 ||
    { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >&2; }
fi
if [[ -n "${CHROMIUM_PATH:-}" && -x "${CHROMIUM_PATH}" ]]; then echo "$CHROMIUM_PATH"; exit 0; fi
for candidate in /usr/bin/chromium /usr/bin/chromium-browser; do
  if [[ -x "$candidate" ]]; then echo "$candidate"; exit 0; fi
done
if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium with apt-get (one time)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq chromium >&2
  echo /usr/bin/chromium
  exit 0
fi
echo "Installing Chromium with Playwright (one time)..." >&2
.venv/bin/playwright install chromium >&2
# An empty answer tells the tests to use Playwright's own browser.
echo ""
