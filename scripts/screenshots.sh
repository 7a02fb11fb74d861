#!/usr/bin/env bash
# Takes the README's screenshots: the desktop app under Xvfb on the demo classroom
# cluster, one picture per page and language, into docs/screenshots/. Needs a built
# release (scripts/run-app.sh builds one) or BUILD=build/dev.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build/release}
app="$BUILD/apps/k8slab/k8slab"
[[ -x "$app" ]] || { echo "screenshots: build first ($app is missing)" >&2; exit 1; }
command -v xvfb-run >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xvfb xauth; }
out=docs/screenshots
mkdir -p "$out"
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
shot() { # page language file [more options]
    rm -f "$data/lab.k8slab"
    xvfb-run -a -s "-screen 0 1600x1000x24" "$app" --recording "$data/lab.k8slab" --create resources/demo/classroom.yaml \
        --speed 0 --page "$1" --lang "$2" --quit-after 4000 --screenshot "$out/$3" "${@:4}"
    echo "screenshots: $out/$3"
}
shot map en cluster-map.png
shot map zh_CN cluster-map.zh_CN.png
shot network en network.png
shot network zh_CN network.zh_CN.png
shot chains en chain-graph.png
shot chains zh_CN chain-graph.zh_CN.png
shot modes en proxy-modes.png
shot modes zh_CN proxy-modes.zh_CN.png
shot overview zh_CN overview.zh_CN.png
shot story en story.png --story Pod/default/web-@12
shot story zh_CN story.zh_CN.png --story Pod/default/web-@12
shot scheduling en scheduling.png --what-if
shot scheduling zh_CN scheduling.zh_CN.png --what-if
shot controllers en controllers.png
shot controllers zh_CN controllers.zh_CN.png
shot charts en charts.png
shot charts zh_CN charts.zh_CN.png
shot nodes en nodes.png
shot nodes zh_CN nodes.zh_CN.png
# The inspector comparing the web Deployment's last two versions.
shot map zh_CN inspector-changes.zh_CN.png --inspect Deployment/default/web:changes
# Who owns which field of it (managedFields), as server-side apply sees them.
shot map zh_CN field-owners.zh_CN.png --inspect Deployment/default/web:owners
# A cluster from the documented spec file (control plane tainted, an arm64 node).
shot map en cluster-spec.png --cluster docs/examples/cluster.yaml
# The YAML editor with the server's error at the offending line.
shot map zh_CN yaml-editor.zh_CN.png --edit resources/demo/broken-deployment.yaml --apply-edit
# The lesson player: a lesson on its own fresh cluster, at a step.
lessonshot() { # lesson@step language file [milliseconds before the picture] [speed]
    XDG_DATA_HOME="$data/xdg" XDG_CONFIG_HOME="$data/config" xvfb-run -a -s "-screen 0 1600x1000x24" "$app" \
        --lesson "$1" --speed "${5:-0}" --lang "$2" --quit-after "${4:-5000}" --screenshot "$out/$3"
    echo "screenshots: $out/$3"
}
lessonshot pod-creation@3 en lesson-player.png
lessonshot scheduler@3 zh_CN lesson-player.zh_CN.png
# The HPA walkthrough under load: the charts of lesson 12 (its step waits for 7
# replicas), at 20x so the charts span the scale-up rather than hours after it.
lessonshot autoscaling@4 zh_CN lesson-hpa.zh_CN.png 30000 20
