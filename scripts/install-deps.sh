#!/bin/sh
# Installs the Debian packages listed in scripts/packages.txt for the given groups
# (default: build). Idempotent: only missing packages are installed, and nothing is
# done when all are present, so `make run` and `make test` can call it every time.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
groups=${*:-build}
missing=""
while read -r name group _; do
    case "$name" in ''|\#*) continue ;; esac
    for g in $groups; do
        [ "$g" = "$group" ] || continue
        if ! dpkg-query -W -f='${Status}' "$name" 2>/dev/null | grep -q "ok installed"; then
            missing="$missing $name"
        fi
    done
done < "$here/packages.txt"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then SUDO=sudo; else SUDO=; fi
echo "install-deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# Services such as nginx must not be started by their install scripts on a build
# machine: a temporary policy-rc.d says no, and is removed afterwards if we made it.
made_policy=
if [ ! -e /usr/sbin/policy-rc.d ]; then
    $SUDO sh -c 'printf "#!/bin/sh\nexit 101\n" > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d' && made_policy=1
fi
status=0
$SUDO apt-get install -y -qq --no-install-recommends $missing >&2 || status=$?
[ -n "$made_policy" ] && $SUDO rm -f /usr/sbin/policy-rc.d
exit $status
