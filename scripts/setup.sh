#!/usr/bin/env bash
# One-command setup for a fresh Debian/Ubuntu machine (also usable elsewhere):
#   1. system packages needed to build mediasoup's worker from source
#      (only on Debian/Ubuntu, as root or with password-less sudo);
#   2. meson >= 1.1 (Debian bookworm ships 1.0, so it comes from pip);
#   3. npm ci --ignore-scripts, unless node_modules was installed from this very package-lock.json
#      (and Node ABI) by an earlier run: the lock's hash is kept in node_modules/.setup-lock-hash;
#   4. node scripts/mediasoup-worker.mjs (cached, prebuilt or source-built worker);
#   5. npm run build (tsc to dist/, which npm start runs).
# Safe to run again: every step checks first and skips what is already done.
#
# Usage: bash scripts/setup.sh [--with-test-deps]
#   --with-test-deps   also install chromium and firefox-esr (the browser tests), redis-server (the cluster tests),
#                      coturn (the TURN relay test starts its own turnserver on free loopback ports) and janus
#                      (the capacity bench and its smoke test run Janus's VideoRoom beside ours)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

APT_PACKAGES=(build-essential pkg-config ninja-build python3-pip libuv1-dev libssl-dev
  libsrtp2-dev libusrsctp-dev libabsl-dev nlohmann-json3-dev
  ffmpeg) # ffmpeg: the WebSocket adapter decodes Opus to PCM with it (docs/adapters-websocket.md)
MIN_MESON=1.1.0

log() { echo "[setup] $*"; }
warn() { echo "[setup] warning: $*" >&2; }
die() { echo "[setup] error: $*" >&2; exit 1; }

for arg in "$@"; do
  case "$arg" in
    --with-test-deps) APT_PACKAGES+=(chromium firefox-esr redis-server coturn janus) ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $arg (try --help)" ;;
  esac
done

is_debian_like() { command -v apt-get >/dev/null && command -v dpkg-query >/dev/null; }

# Prints the command prefix that gives root ("" or "sudo"); fails if neither works.
root_prefix() {
  if [ "$(id -u)" -eq 0 ]; then echo ""
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then echo "sudo"
  else return 1
  fi
}

is_installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

has_candidate() {
  local candidate
  candidate=$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2}')
  [ -n "$candidate" ] && [ "$candidate" != "(none)" ]
}

install_apt_packages() {
  local missing=() available=() pkg sudo
  for pkg in "${APT_PACKAGES[@]}"; do
    is_installed "$pkg" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "system packages: all present"
    return
  fi
  if ! sudo=$(root_prefix); then
    warn "not root and no password-less sudo; please install: ${missing[*]}"
    return
  fi
  log "installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  for pkg in "${missing[@]}"; do
    if has_candidate "$pkg"; then available+=("$pkg"); else warn "apt has no package $pkg; skipping it"; fi
  done
  [ ${#available[@]} -eq 0 ] && return
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${available[@]}" >/dev/null
}

version_at_least() { # $1 >= $2 ?
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]
}

meson_ok() {
  local version
  command -v meson >/dev/null || return 1
  version=$(meson --version 2>/dev/null) || return 1
  version_at_least "$version" "$MIN_MESON"
}

# Adds the directories pip installs scripts into (system, user, pyenv/venv) to PATH.
add_pip_script_dirs_to_path() {
  local dir
  while read -r dir; do
    case ":$PATH:" in *":$dir:"*) ;; *) [ -d "$dir" ] && PATH="$dir:$PATH" ;; esac
  done < <(python3 - <<'EOF' 2>/dev/null
import os, sysconfig
print(sysconfig.get_path("scripts"))
print(sysconfig.get_path("scripts", f"{os.name}_user"))
EOF
  )
  export PATH
}

ensure_meson() {
  local out
  meson_ok || add_pip_script_dirs_to_path
  if meson_ok; then
    log "meson $(meson --version) at $(command -v meson)"
    return
  fi
  command -v python3 >/dev/null || { warn "python3 not found; cannot install meson"; return; }
  log "installing meson >= $MIN_MESON with pip (found: $(meson --version 2>/dev/null || echo none))"
  out=$(mktemp)
  if ! python3 -m pip install -q --upgrade meson >"$out" 2>&1; then
    if grep -q externally-managed-environment "$out"; then
      python3 -m pip install -q --upgrade --break-system-packages meson >"$out" 2>&1 || true
    fi
  fi
  if command -v pyenv >/dev/null; then pyenv rehash || true; fi
  hash -r
  if meson_ok; then
    log "meson $(meson --version) installed at $(command -v meson)"
  elif add_pip_script_dirs_to_path && hash -r && meson_ok; then
    log "meson $(meson --version) installed at $(command -v meson)"
    log "(not on your PATH: add $(dirname "$(command -v meson)") to use it outside this script)"
  else
    tail -n 5 "$out" >&2
    warn "could not install meson >= $MIN_MESON; the worker source build will not be possible"
  fi
  rm -f "$out"
}

check_node() {
  command -v node >/dev/null || die "node not found: install Node.js >= 20.19 (e.g. from nodejs.org or NodeSource)"
  command -v npm >/dev/null || die "npm not found: install Node.js >= 20.19 with npm"
  version_at_least "$(node -p 'process.versions.node')" 20.19.0 \
    || die "Node.js $(node -p 'process.versions.node') is too old; this project needs >= 20.19"
}

LOCK_STAMP=node_modules/.setup-lock-hash

# What node_modules was installed from: the lock file's hash and the Node ABI (native modules).
lock_stamp() {
  node -e 'const lock = require("fs").readFileSync("package-lock.json");
    const hash = require("crypto").createHash("sha256").update(lock).digest("hex");
    process.stdout.write(`${hash} node-abi-${process.versions.modules}`)'
}

install_npm_packages() {
  local stamp
  stamp=$(lock_stamp)
  if [ -d node_modules ] && [ -f "$LOCK_STAMP" ] && [ "$(cat "$LOCK_STAMP")" = "$stamp" ]; then
    log "npm packages: node_modules matches package-lock.json; skipping npm ci (rm $LOCK_STAMP to force it)"
    return
  fi
  log "npm ci --ignore-scripts"
  env -u MEDIASOUP_WORKER_BIN npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  printf '%s\n' "$stamp" >"$LOCK_STAMP"
}

# Sourced (by its test), it only defines the functions above.
[ "${BASH_SOURCE[0]}" = "$0" ] || return 0

if is_debian_like; then
  install_apt_packages
  ensure_meson
else
  log "not a Debian/Ubuntu system: skipping system packages and meson"
  log "(mediasoup's prebuilt worker download may still work)"
fi

check_node
install_npm_packages

node scripts/mediasoup-worker.mjs
log "npm run build (the compiled server npm start runs)"
node scripts/build.mjs
log "done"
