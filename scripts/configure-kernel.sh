#!/bin/bash
# Configure the kernel in $TREE for BUILD into OUT.  BUILD is an architecture
# (x86_64 or i386) or ARCH-VARIANT, a build of the matrix (workbench.env's
# MATRIX) or ARCH-VARIANT+VARIANT: tinyconfig, then configs/kvm-host.config,
# configs/l2-guest.config, configs/ARCH.config, each configs/kvm-VARIANT.config
# and any further fragments merged with the kernel's merge_config.sh.  Fails
# when a requested value does not make it into the final .config.
set -euo pipefail
: "${TREE:?}"
name=$1 out=$(realpath -m "$2"); shift 2
arch=${name%%-*}
top=$(cd "$(dirname "$0")/.." && pwd)
frags=("$top/configs/kvm-host.config" "$top/configs/l2-guest.config" "$top/configs/$arch.config")
# ARCH-A+B merges configs/kvm-A.config, then configs/kvm-B.config.
if [ "$name" != "$arch" ]; then
	IFS=+ read -ra variants <<<"${name#*-}"
	for v in "${variants[@]}"; do frags+=("$top/configs/kvm-$v.config"); done
fi
for f in "$@"; do frags+=("$(realpath "$f")"); done

mkdir -p "$out"
make -s -C "$TREE" O="$out" ARCH="$arch" tinyconfig
log=$out/merge_config.log
(cd "$TREE" && ARCH=$arch scripts/kconfig/merge_config.sh -O "$out" "$out/.config" "${frags[@]}") >"$log" 2>&1 ||
	{ cat "$log" >&2; exit 1; }
# merge_config.sh also reports tinyconfig's own symbols that SMP and the like
# change, so check the fragments' values alone.  A symbol that no Kconfig file
# of the tree defines is the series' own and does not exist on the base or
# before the patch that adds it: it is left out of the check.
defined=$(mktemp)
trap 'rm -f "$defined"' EXIT
find "$TREE" -name 'Kconfig*' -not -path '*/.git/*' -exec \
	sed -n 's/^[[:space:]]*\(menu\)\{0,1\}config[[:space:]]\{1,\}\([A-Za-z0-9_]*\).*/CONFIG_\2/p' {} + |
	sort -u >"$defined"
# A later fragment overrides an earlier one, as in merge_config.sh.
missing=$(awk -F= 'FNR == NR { def[$1] = 1; next }
	FILENAME == ARGV[2] { if (/^CONFIG_/) val[$1] = $2; next }
	/^CONFIG_/ { want[$1] = $2; from[$1] = FILENAME ": " $0; next }
	/^# CONFIG_.* is not set$/ { split($0, w, " "); want[w[2]] = ""; from[w[2]] = FILENAME ": " $0 }
	END { for (s in want) if ((s in def) && ((s in val) ? val[s] : "") != want[s]) print from[s] }' \
	"$defined" "$out/.config" "${frags[@]}")
if [ -n "$missing" ]; then
	echo "$missing" >&2
	echo "configure: $name: these fragment values did not take effect" >&2
	exit 1
fi
echo "configure: $name: $out/.config from tinyconfig + ${frags[*]##*/}"
