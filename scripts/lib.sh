# Shared by scripts/demo and scripts/test: install what the project needs on a fresh machine
# (npm packages, Python test tools, Chromium) and nothing that is already there.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

log() { printf '\n\033[1;35m==> %s\033[0m\n' "$*"; }

# npm ci only when package-lock.json changed since the last install.
npm_install() {
  local dir="$1" stamp hash
  stamp="$dir/node_modules/.parley-lock-hash"
  hash="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$hash" ]; then
    log "npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$hash" > "$stamp"
  fi
}

build_web() {
  npm_install web
  log "building the web app"
  (cd web && npm run build && npm run budget)
}

build_server() {
  log "building parley and parley-install"
  cargo build -p parley -p parley-install
  PARLEY_BIN="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/debug/parley"
  export PARLEY_BIN
}

ensure_python_tools() {
  # aiosmtpd: the SMTP sink; moto[server]: an S3-speaking server for the media store tests;
  # schemathesis: the API contract test (scripts/schemathesis), pinned so a new release cannot move the goalposts.
  # helm-python-sdk (Helm's own library, no helm binary) and kubernetes-validate (Kubernetes' schemas): the Helm
  # chart's offline test (tests/chart), pinned the same way.
  local st_version="4.32.5" helm_version="0.2.2" kv_version="1.37.0"
  local versions='import importlib.metadata as m; print(*(m.version(p) for p in ["schemathesis", "helm-python-sdk", "kubernetes-validate"]))'
  if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import aiosmtpd, moto.server, flask_cors, pytest' 2>/dev/null \
    || [ "$(.venv/bin/python -c "$versions" 2>/dev/null)" != "$st_version $helm_version $kv_version" ]; then
    log "Python test tools (aiosmtpd, moto, schemathesis, helm-python-sdk, kubernetes-validate) into .venv"
    python3 -m venv .venv
    .venv/bin/pip install --quiet --disable-pip-version-check aiosmtpd 'moto[server]' "schemathesis==$st_version" \
      "helm-python-sdk==$helm_version" "kubernetes-validate==$kv_version" pytest
  fi
  export PARLEY_TEST_PYTHON="$ROOT/.venv/bin/python"
}

# Installs Debian's package $2 when the command $1 is missing ($3 names it in the log).
ensure_debian_package() {
  if ! type -P "$1" >/dev/null; then
    log "installing $3 (Debian package)"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$2" >/dev/null
  fi
}

ensure_chromium() {
  ensure_debian_package chromium chromium Chromium
  CHROMIUM_PATH="$(type -P chromium)"
  export CHROMIUM_PATH
}

# HAProxy (Debian's package): the load balancer of the multi-node load test (tests/bench/mixed.mjs).
ensure_haproxy() {
  ensure_debian_package haproxy haproxy HAProxy
}
