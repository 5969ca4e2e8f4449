/** The processor name of the player's AudioWorklet. */
export const PLAYER_PROCESSOR = 'polargrid-pcm-player';

/**
 * The player's AudioWorklet (plain JavaScript, run on the audio thread): a queue of float chunks
 * at the context's rate, played back to back so chunks that arrived in time join without a gap.
 * Messages in: `chunk` (samples), `end` (no more chunks: report `ended` once the queue drains),
 * `stop` (drop the queue now). Messages out: `started`, `ended` with the reason, the frames played
 * and how often the queue ran dry before its end (`underruns`).
 */
export const PLAYER_WORKLET = `
class PolarGridPcmPlayer extends AudioWorkletProcessor {
  constructor() {
    super();
    this.queue = [];
    this.offset = 0;
    this.playing = false;
    this.ending = false;
    this.frames = 0;
    this.underruns = 0;
    this.dry = false;
    this.port.onmessage = (event) => {
      const message = event.data;
      if (message.type === 'chunk') {
        this.queue.push(message.samples);
      } else if (message.type === 'end') {
        this.ending = true;
        if (!this.playing && this.queue.length === 0) this.finish('finished');
      } else if (message.type === 'stop') {
        this.queue = [];
        this.offset = 0;
        this.finish('stopped');
      }
    };
  }
  finish(reason) {
    const wasActive = this.playing || this.ending;
    this.playing = false;
    this.ending = false;
    this.dry = false;
    if (wasActive || reason === 'finished') {
      this.port.postMessage({ type: 'ended', reason, frames: this.frames, underruns: this.underruns });
    }
    this.frames = 0;
    this.underruns = 0;
  }
  process(inputs, outputs) {
    const output = outputs[0];
    const out = output[0];
    let i = 0;
    while (i < out.length && this.queue.length > 0) {
      const head = this.queue[0];
      const n = Math.min(out.length - i, head.length - this.offset);
      out.set(head.subarray(this.offset, this.offset + n), i);
      i += n;
      this.offset += n;
      if (this.offset >= head.length) {
        this.queue.shift();
        this.offset = 0;
      }
    }
    for (let c = 1; c < output.length; c++) output[c].set(out);
    if (i > 0) {
      if (!this.playing) {
        this.playing = true;
        this.port.postMessage({ type: 'started' });
      }
      this.frames += i;
      this.dry = false;
    }
    if (this.playing && this.queue.length === 0) {
      if (this.ending) this.finish('finished');
      else if (!this.dry) {
        this.dry = true;
        this.underruns += 1;
      }
    }
    return true;
  }
}
registerProcessor('${'polargrid-pcm-player'}', PolarGridPcmPlayer);
`;
