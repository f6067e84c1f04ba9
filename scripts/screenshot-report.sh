#!/usr/bin/env bash
# Renders a QuasiProperty report (or summary) HTML file to PNG, or prints it to PDF, with headless
# Chromium, to see what a template change looks like without a desktop browser.
#
#   scripts/screenshot-report.sh [--pdf] [--scale N] [REPORT.html [OUT.png|OUT.pdf [WIDTHxHEIGHT]]]
#
#   REPORT.html   the report to render. Omitted: assess the samples' 2025Q3 into out/2025Q3 first
#                 and render contracts/HT2025-01.html (the month-floor case).
#   OUT           where to write: default REPORT's path with .png (or .pdf); with REPORT
#                 omitted, out/report-HT2025-01.png (or .pdf).
#   WIDTHxHEIGHT  the browser window in CSS pixels, default 1240x1754 (A4 at 150 dpi). Only the
#                 window is captured: give a taller window (1240x3600) to see a whole long report.
#   --pdf         print to PDF instead (A4, as the report's @page says; no browser header/footer).
#                 View its pages with: pdftoppm -png -r 80 OUT.pdf out/page
#   --scale N     device pixel ratio for the PNG (2 gives a sharper, twice as large image).
#
# Installs what it needs when missing (Debian/Ubuntu, as root or with sudo): the `chromium`
# package, and `fonts-noto-cjk` when no Chinese font is installed (else Chinese shows as boxes).
set -euo pipefail

usage() { awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"; }

pdf=0
scale=1
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --pdf) pdf=1; shift ;;
    --scale) scale="${2:?--scale needs a number}"; shift 2 ;;
    --scale=*) scale="${1#--scale=}"; shift ;;
    -h|--help) usage; exit 0 ;;
    --) shift; args+=("$@"); break ;;
    -*) echo "screenshot-report: unknown option $1" >&2; usage >&2; exit 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
if [[ ${#args[@]} -gt 3 ]]; then usage >&2; exit 2; fi

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
report="${args[0]:-}"
out="${args[1]:-}"
size="${args[2]:-1240x1754}"

if [[ ! "$size" =~ ^([0-9]+)x([0-9]+)$ ]]; then
  echo "screenshot-report: size must be WIDTHxHEIGHT, such as 1240x1754 (got '$size')" >&2
  exit 2
fi
width="${BASH_REMATCH[1]}"
height="${BASH_REMATCH[2]}"

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else echo "screenshot-report: need root to run: $*" >&2; return 1
  fi
}
apt_updated=0
apt_install() {
  if ! command -v apt-get >/dev/null; then
    echo "screenshot-report: please install $* (no apt-get here)" >&2
    exit 1
  fi
  if [[ $apt_updated -eq 0 ]]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
  echo "screenshot-report: installing $*" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

command -v chromium >/dev/null || apt_install chromium
if ! command -v fc-list >/dev/null || [[ -z "$(fc-list :lang=zh 2>/dev/null)" ]]; then
  apt_install fonts-noto-cjk fontconfig
fi

if [[ -z "$report" ]]; then
  # The default: the samples' most interesting report (2025Q3 HT2025-01, capped by the month floor).
  cd "$repo"
  qp="src/QuasiProperty.Cli/bin/Debug/net10.0/qp"
  if ! dotnet build src/QuasiProperty.Cli -v q -nologo >&2; then
    [[ -x "$qp" ]] || { echo "screenshot-report: the build failed and there is no $qp" >&2; exit 1; }
    echo "screenshot-report: the build failed; using the qp built earlier" >&2
  fi
  rm -rf out/2025Q3
  "$qp" assess --data samples/chaoyangmen --quarter 2025Q3 --as-of 2026-01-15T00:00:00+08:00 --out out/2025Q3 >&2
  report="out/2025Q3/contracts/HT2025-01.html"
  out="${out:-out/report-HT2025-01.$([[ $pdf -eq 1 ]] && echo pdf || echo png)}"
fi

if [[ ! -f "$report" ]]; then
  echo "screenshot-report: no such file: $report" >&2
  exit 1
fi
if [[ -z "$out" ]]; then
  out="${report%.html}.$([[ $pdf -eq 1 ]] && echo pdf || echo png)"
fi
mkdir -p "$(dirname "$out")"
report_abs="$(cd "$(dirname "$report")" && pwd)/$(basename "$report")"
out_abs="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT

flags=(
  --headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --user-data-dir="$profile" --hide-scrollbars
)
rm -f "$out_abs"
if [[ $pdf -eq 1 ]]; then
  chromium "${flags[@]}" --no-pdf-header-footer --print-to-pdf="$out_abs" "file://$report_abs" >/dev/null 2>"$profile/chromium.log" || true
else
  chromium "${flags[@]}" --window-size="$width,$height" --force-device-scale-factor="$scale" \
    --screenshot="$out_abs" "file://$report_abs" >/dev/null 2>"$profile/chromium.log" || true
fi
if [[ ! -s "$out_abs" ]]; then
  echo "screenshot-report: chromium wrote nothing; its log:" >&2
  cat "$profile/chromium.log" >&2
  exit 1
fi
echo "$out"
