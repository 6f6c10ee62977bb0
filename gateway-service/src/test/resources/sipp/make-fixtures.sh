#!/usr/bin/env bash
# Regenerates the RTP fixtures SIPp replays as the caller: real synthesized speech (espeak-ng, sox)
# as PCMU, and RFC 4733 DTMF. The outputs are committed; run this only to change them.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tool="$here/../../../test/java/dev/voicebridge/gateway/sip/PcapFixtures.java"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
espeak-ng -v en-us -s 150 -w "$tmp/speech.wav" \
  "Hello, I would like to check the status of my order, please. It was placed last Tuesday."
# 2 s of trailing silence: Chime keeps sending RTP in pauses, and the model needs it to end the turn.
sox "$tmp/speech.wav" -r 8000 -c 1 -e u-law -t raw "$tmp/speech.ulaw" pad 0 2.0
java "$tool" speech "$tmp/speech.ulaw" "$here/speech-pcmu.pcap"
java "$tool" dtmf "42#" "$here/dtmf-42hash.pcap"
ls -l "$here"/*.pcap
