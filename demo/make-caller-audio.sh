#!/usr/bin/env bash
# Regenerates the demo caller's speech (committed, so a fresh clone needs neither tool):
# espeak-ng speaks, sox converts to G.711 µ-law 8 kHz mono WAV and trims leading/trailing silence.
set -euo pipefail
cd "$(dirname "$0")/src/main/resources/caller"
say() {
  local out=$1 speed=$2 text=$3 tmp
  tmp=$(mktemp --suffix=.wav)
  espeak-ng -v en-us -s "$speed" -w "$tmp" "$text"
  sox "$tmp" -r 8000 -c 1 -e u-law -b 8 "$out" norm -3 \
    silence 1 0.05 0.5% reverse silence 1 0.05 0.5% reverse
  rm -f "$tmp"
}
say order-question.wav 165 "Hi, I'm calling about my order, it still hasn't arrived."
say barge-in.wav 170 "Sorry, stop, can I talk to a person instead?"
