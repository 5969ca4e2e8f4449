/** The targets of issue 15 (voice), judged against the `voice` cell of one run. */
import type { Cell, TargetRow } from './results.ts';

export function voiceTargets(cells: Cell[]): TargetRow[] {
  const cell = cells.find((c) => c.id === 'voice');
  const streamed = cell?.entries.find((e) => e.id === 'stream-speech' && e.status === 'ok');
  const sequential = cell?.entries.find((e) => e.id === 'sequential' && e.status === 'ok');
  const first = streamed?.metrics.firstAudioMs?.median;
  const reference = streamed?.metrics.referenceMs?.median;
  const whole = sequential?.metrics.firstAudioMs?.median;
  if (first === undefined || reference === undefined || whole === undefined) {
    const target = 'first audio ≤ 1.2 × (first sentence + TTS first byte); ≥ 3× sooner';
    return [{ name: 'voice: time to first audio', target, actual: '—', status: 'not measured' }];
  }
  const gap = streamed?.metrics.maxGapMs?.max;
  return [
    {
      name: 'voice: first audio vs first sentence + TTS first byte',
      target: '≤ 1.2×',
      actual: `${(first / reference).toFixed(2)}× (${first.toFixed(0)} ms vs ${reference.toFixed(0)} ms)`,
      status: first / reference <= 1.2 ? 'met' : 'missed',
    },
    {
      name: 'voice: first audio vs the sequential way',
      target: '≥ 3× sooner',
      actual: `${(whole / first).toFixed(2)}× (${whole.toFixed(0)} ms vs ${first.toFixed(0)} ms)`,
      status: whole / first >= 3 ? 'met' : 'missed',
      note:
        gap === undefined
          ? undefined
          : `longest gap between sentences while playing: ${gap.toFixed(0)} ms`,
    },
  ];
}
