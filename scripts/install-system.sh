#!/usr/bin/env bash
# Debian packages the tests need: Chromium for browser tests (Playwright drives Debian's build; its own
# browser download does not work here), and PostgreSQL, whose server the storage and flow tests also run on.
# Installs only what is missing.
set -euo pipefail
packages=(chromium fonts-dejavu-core postgresql)
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get install -y -q "${missing[@]}" || { $sudo apt-get update -q && $sudo apt-get install -y -q "${missing[@]}"; }
