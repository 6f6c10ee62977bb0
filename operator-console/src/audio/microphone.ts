/**
 * The operator's microphone as 8 kHz PCM16 20 ms frames: getUserMedia, then an AudioWorklet
 * (mic-worklet.ts, on the audio rendering thread) low-passes, resamples and cuts frames, and posts
 * each one here; this class hands them on from the main thread. Browser processing (echo
 * cancellation, noise suppression, gain control) is left on: an operator wears a headset or not.
 */
export class Microphone {
  private stream: MediaStream | null = null;
  private node: AudioWorkletNode | null = null;
  private source: MediaStreamAudioSourceNode | null = null;
  private sink: GainNode | null = null;

  constructor(private readonly context: AudioContext) {}

  async start(onFrame: (frame: Int16Array<ArrayBuffer>) => void): Promise<void> {
    this.stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1 }, video: false });
    await this.context.audioWorklet.addModule("/console/mic-worklet.js");
    this.source = this.context.createMediaStreamSource(this.stream);
    this.node = new AudioWorkletNode(this.context, "vb-mic-frames", {
      numberOfInputs: 1,
      numberOfOutputs: 1,
      outputChannelCount: [1],
    });
    this.node.port.onmessage = (message: MessageEvent<ArrayBuffer>) => onFrame(new Int16Array(message.data));
    // A worklet only runs while connected to the destination; a muted gain keeps the mic unheard.
    this.sink = this.context.createGain();
    this.sink.gain.value = 0;
    this.source.connect(this.node).connect(this.sink).connect(this.context.destination);
  }

  stop(): void {
    this.source?.disconnect();
    this.node?.port.close();
    this.node?.disconnect();
    this.sink?.disconnect();
    this.stream?.getTracks().forEach((track) => track.stop());
    this.stream = this.node = this.source = this.sink = null;
  }
}
