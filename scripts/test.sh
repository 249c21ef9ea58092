#!/usr/bin/env bash
# Runs every test (unit, integration on SQLite and PostgreSQL, browser) on a Debian machine that has
# only the .NET SDK: installs what is missing first (Chromium, PostgreSQL, openssh-server; needs root).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing: ${missing[*]}. Install them (sudo apt-get install -y ${missing[*]}) or run this script as root." >&2
    exit 1
  fi
  echo "Installing ${missing[*]} …"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Chromium, Data Protection and the test databases write under HOME and TMPDIR: in CI give them a
# scratch folder of their own (world-traversable, since PostgreSQL runs as its own user).
if [ "${CI:-}" = "true" ]; then
  scratch="$root/artifacts/ci-home"
  mkdir -p "$scratch/tmp" && chmod 1777 "$scratch/tmp" && chmod 755 "$root/artifacts" "$scratch"
  export NUGET_PACKAGES="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
  export HOME="$scratch" XDG_CONFIG_HOME="$scratch/.config" XDG_CACHE_HOME="$scratch/.cache" XDG_DATA_HOME="$scratch/.local/share" TMPDIR="$scratch/tmp"
fi

log="$root/artifacts/test-output.log"
mkdir -p "$root/artifacts"
set +e
# A test (or a host it started) that hangs fails the run after ten quiet minutes instead of stalling CI.
dotnet test MlConnector.sln --blame-hang --blame-hang-timeout 10m --blame-hang-dump-type none 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One plain closing line, whatever the runner printed.
summary=$(grep -E "^(Passed|Failed)!" "$log" | tail -n 1)
passed=$(sed -nE 's/.*Passed: +([0-9]+).*/\1/p' <<<"$summary")
failed=$(sed -nE 's/.*Failed: +([0-9]+).*/\1/p' <<<"$summary")
echo "${passed:-0} passed, ${failed:-0} failed"
exit "$status"
