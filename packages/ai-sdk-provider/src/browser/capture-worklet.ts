/** The processor name of the microphone's AudioWorklet. */
export const CAPTURE_PROCESSOR = 'polargrid-mic-capture';

/**
 * The microphone's AudioWorklet (plain JavaScript, run on the audio thread): copies the first
 * channel of its input to the page in blocks of 1024 frames (about 21 ms at 48 kHz), so the page
 * gets a few dozen messages a second rather than one per 128-frame render quantum.
 */
export const CAPTURE_WORKLET = `
class PolarGridMicCapture extends AudioWorkletProcessor {
  constructor() {
    super();
    this.block = new Float32Array(1024);
    this.filled = 0;
  }
  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (!channel) return true;
    let i = 0;
    while (i < channel.length) {
      const n = Math.min(channel.length - i, this.block.length - this.filled);
      this.block.set(channel.subarray(i, i + n), this.filled);
      this.filled += n;
      i += n;
      if (this.filled === this.block.length) {
        this.port.postMessage(this.block, [this.block.buffer]);
        this.block = new Float32Array(1024);
        this.filled = 0;
      }
    }
    return true;
  }
}
registerProcessor('${'polargrid-mic-capture'}', PolarGridMicCapture);
`;
