#!/usr/bin/env bash
# Point the real az CLI at a running `azimg emulator`, in a config directory of its own (your own
# az login and clouds are never touched), signed in through the emulator's managed-identity
# endpoint. Everything stays on the emulator's loopback address.
#
#   scripts/az-emulator.sh URL CA_FILE                 print `export …` lines: eval "$(…)", then use az
#   scripts/az-emulator.sh URL CA_FILE vm image list-publishers -l eastus -o table
#
# URL and CA_FILE are what `azimg emulator` prints. test/interop/az-session.ts does the same
# from TypeScript and explains each step.
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 EMULATOR_URL CA_FILE [az arguments…]   (both printed by 'azimg emulator')" >&2
  exit 2
fi
url="${1%/}"
ca="$2"
shift 2
command -v az >/dev/null || { echo "az is not installed (Debian: apt-get install azure-cli)" >&2; exit 1; }
[[ -r "$ca" ]] || { echo "cannot read the CA file '$ca': pass the path 'azimg emulator' printed" >&2; exit 2; }
[[ "$url" =~ ^https://(127\.0\.0\.1|\[::1\]|localhost):[0-9]+$ ]] || { echo "'$url' is not a loopback emulator URL like https://127.0.0.1:PORT" >&2; exit 2; }

port="${url##*:}"
config="${AZIMG_AZ_CONFIG_DIR:-${TMPDIR:-/tmp}/azimg-az-$port}"
cloud=AzimgEmulator

unset https_proxy http_proxy ALL_PROXY all_proxy no_proxy
# Anything az tries beyond the emulator (its first run in a fresh config dir probes
# https://azure.microsoft.com for updates) goes to a closed loopback port and fails at once.
export HTTPS_PROXY=http://127.0.0.1:9 HTTP_PROXY=http://127.0.0.1:9 NO_PROXY=127.0.0.1,localhost,::1
export AZURE_CONFIG_DIR="$config"
export REQUESTS_CA_BUNDLE="$(realpath "$ca")"
export AZURE_CORE_COLLECT_TELEMETRY=false AZURE_CORE_SURVEY_MESSAGE=false AZURE_CORE_ONLY_SHOW_ERRORS=true
# az <= 2.5x (msrestazure): App Service identity, api-version 2017-09-01
export APPSETTING_WEBSITE_SITE_NAME=azimg-emulator MSI_ENDPOINT="$url/msi/token" MSI_SECRET=azimg-emulator
# newer az (MSAL): App Service identity, api-version 2019-08-01
export IDENTITY_ENDPOINT="$url/msi/token" IDENTITY_HEADER=azimg-emulator

if [[ ! -f "$config/.azimg-ready" ]]; then
  mkdir -p "$config"
  az cloud register -n "$cloud" --endpoint-resource-manager "$url" >/dev/null 2>&1 ||
    az cloud update -n "$cloud" --endpoint-resource-manager "$url" >/dev/null
  az cloud set -n "$cloud" >/dev/null
  az login --identity -o none
  # Debian's azure-cli names compute api-versions in its 'latest' profile that its own SDK
  # package lacks (Azure/azure-cli#26830); the Azure Stack Hub profile works there.
  if ! probe=$(az vm image list-publishers -l eastus --query 'length(@)' -o tsv 2>&1); then
    if grep -q "does not have operation group\|No module named 'azure.mgmt.compute" <<<"$probe"; then
      az cloud update -n "$cloud" --profile 2020-09-01-hybrid >/dev/null
      az vm image list-publishers -l eastus --query 'length(@)' -o tsv >/dev/null
    else
      echo "$probe" >&2
      exit 1
    fi
  fi
  touch "$config/.azimg-ready"
fi

if [[ $# -gt 0 ]]; then
  exec az "$@"
fi
for v in HTTPS_PROXY HTTP_PROXY NO_PROXY AZURE_CONFIG_DIR REQUESTS_CA_BUNDLE AZURE_CORE_COLLECT_TELEMETRY AZURE_CORE_SURVEY_MESSAGE \
  AZURE_CORE_ONLY_SHOW_ERRORS APPSETTING_WEBSITE_SITE_NAME MSI_ENDPOINT MSI_SECRET IDENTITY_ENDPOINT IDENTITY_HEADER; do
  printf 'export %s=%q\n' "$v" "${!v}"
done
printf 'unset https_proxy http_proxy ALL_PROXY all_proxy no_proxy\n'
