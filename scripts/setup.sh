#!/usr/bin/env bash
# Installs the Debian 12 packages K8s Lab needs to build, test and run.
# Idempotent and quick when everything is present: apt runs only for what is missing.
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config
    qt6-base-dev qt6-base-dev-tools libgl-dev
    qt6-svg-dev             # SVG export of the views
    qt6-charts-dev          # the charts page (QtCharts)
    libqt6opengl6-dev       # Qt6Charts's CMake package needs Qt6OpenGL (not pulled in without recommends)
    qt6-tools-dev qt6-l10n-tools   # lupdate/lrelease: the zh_CN catalogue
    protobuf-compiler libprotobuf-dev
    libsqlite3-dev
    nlohmann-json3-dev
    libcpp-httplib-dev      # the API server's HTTP front-end
    libssl-dev              # service account tokens are signed RS256 (OpenSSL's libcrypto)
    zlib1g-dev              # SPDY header compression (kubectl port-forward)
    libbenchmark-dev libyaml-cpp-dev
    iptables nftables       # kube-proxy's real rules in network namespaces
    fonts-noto-cjk          # so Chinese text renders
    desktop-file-utils appstream
    prometheus              # promtool: the /metrics expositions are checked with it
    tzdata                  # CronJobs' spec.timeZone (QTimeZone reads /usr/share/zoneinfo)
    diffutils               # GNU diff: the oracle of the line-diff test (Essential, listed anyway)
)

missing=()
for pkg in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
    echo "setup: all ${#packages[@]} packages present"
    exit 0
fi

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "setup: run as root or install sudo" >&2; exit 1; }
    sudo_cmd=(sudo)
fi
echo "setup: installing ${missing[*]}"
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
