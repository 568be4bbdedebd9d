#!/usr/bin/env bash
# Installs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver) for the browser
# tests in tests/e2e/test_report.py, only when they are missing. Non-interactive; needs root (or sudo) and apt-get.
set -euo pipefail

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

missing=()
installed chromium && [ -x /usr/bin/chromium ] || missing+=(chromium)
installed chromium-driver && [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
if [ ${#missing[@]} -eq 0 ]; then
    echo "install-browser: chromium and chromium-driver already installed"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-browser: apt-get not found; cannot install ${missing[*]}" >&2
    exit 1
fi
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO=(sudo -n)
    else
        echo "install-browser: not root and no sudo; cannot install ${missing[*]}" >&2
        exit 1
    fi
fi

export DEBIAN_FRONTEND=noninteractive
echo "install-browser: installing ${missing[*]}"
"${SUDO[@]}" apt-get -q -o DPkg::Lock::Timeout=300 update
"${SUDO[@]}" apt-get -q -y -o DPkg::Lock::Timeout=300 install "${missing[@]}"
/usr/bin/chromedriver --version
