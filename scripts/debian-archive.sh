#!/bin/bash
# Print the URIs of the machine's own Debian archive, one per line, from its
# apt sources (deb822 and one-line formats), less the security archive: the
# one place the workbench learns where to fetch Debian packages from, so that
# no mirror is ever named in the repository.
set -euo pipefail
uris=$( { sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/*.sources 2>/dev/null || true
	  sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]\+\).*/\2/p' \
		/etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null || true; } |
	tr ' ' '\n' | grep -v -e '^$' -e security | sort -u)
[ -n "$uris" ] || { echo "apt: no Debian archive in the machine's apt sources" >&2; exit 1; }
echo "$uris"
