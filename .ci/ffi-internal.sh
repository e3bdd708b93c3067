#!/usr/bin/env bash
# The raw bindings (dev.repbench.torch.ffi) belong to native/: everything else calls the typed torch layer
# (dev.repbench.torch and its packages), which checks every status and owns the native memory. Fails when a
# Java file outside native/ imports them.
set -euo pipefail
cd "$(dirname "$0")/.."

# Files that still use the bindings until they switch to dev.repbench.torch.bench (issue 14). Remove a name
# once its file no longer needs an exception.
PENDING=(FmaPeak.java DispatcherOverheadBench.java)

users=$(grep -rlE --include='*.java' --exclude-dir=target --exclude-dir=.git --exclude-dir=build \
          '\bdev\.repbench\.torch\.ffi\b' . | sed 's|^\./||' | grep -v '^native/' | sort || true)
offenders=()
for file in $users; do
  [[ " ${PENDING[*]} " == *" $(basename "$file") "* ]] || offenders+=("$file")
done
for name in "${PENDING[@]}"; do
  grep -q "/$name\$" <<<"$users" || echo "ffi check: $name no longer uses dev.repbench.torch.ffi: remove it from PENDING in $0" >&2
done
if [ "${#offenders[@]}" -gt 0 ]; then
  echo "ffi check: FAILED: dev.repbench.torch.ffi is internal to native/, but these files use it:" >&2
  printf '  %s\n' "${offenders[@]}" >&2
  echo "  Call the typed layer instead (dev.repbench.torch, dev.repbench.torch.bench for benchmarks), or add what is missing there." >&2
  exit 1
fi
echo "ffi check: OK, no file outside native/ uses dev.repbench.torch.ffi$([ -n "$users" ] && echo " (pending: $(echo $users | xargs -n1 basename | xargs))")" >&2
