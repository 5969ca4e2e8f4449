/** A horizontal bar chart (SVG, no dependencies) of CPU per chunk, one group of bars per cell. */
import type { Cell } from '../results.ts';

const COLORS: Record<string, string> = {
  floor: '#6b7280',
  peer: '#60a5fa',
  anchor: '#a78bfa',
  ours: '#f97316',
};

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function cpuPerChunkSvg(cells: Cell[], subtitle: string): string {
  const groups = cells
    .map((cell) => ({
      title: cell.title,
      rows: cell.entries
        .filter((e) => e.status === 'ok' && e.metrics.cpuPerChunkUs)
        .map((e) => ({
          label: e.label,
          kind: e.kind,
          value: e.metrics.cpuPerChunkUs.median,
          lo: e.metrics.cpuPerChunkUs.min,
          hi: e.metrics.cpuPerChunkUs.max,
          ratio: e.ratios.cpuPerChunkUs,
        }))
        .sort((a, b) => a.value - b.value),
    }))
    .filter((g) => g.rows.length > 0);
  const labelW = 330;
  const barW = 420;
  const rowH = 20;
  const width = labelW + barW + 150;
  let y = 84;
  const parts: string[] = [];
  for (const g of groups) {
    const max = Math.max(...g.rows.map((r) => r.hi));
    parts.push(
      `<text x="10" y="${y}" font-weight="bold" font-size="13">${esc(g.title)} — CPU µs per chunk (median; whisker = min–max)</text>`,
    );
    y += 10;
    for (const r of g.rows) {
      const w = (r.value / max) * barW;
      const lo = labelW + (r.lo / max) * barW;
      const hi = labelW + (r.hi / max) * barW;
      const cy = y + rowH / 2;
      parts.push(
        `<text x="${labelW - 8}" y="${cy + 4}" text-anchor="end" font-size="12">${esc(r.label)}</text>`,
        `<rect x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${COLORS[r.kind] ?? '#999'}"/>`,
        `<line x1="${lo.toFixed(1)}" x2="${hi.toFixed(1)}" y1="${cy}" y2="${cy}" stroke="#111" stroke-width="1"/>`,
        `<text x="${(Math.max(labelW + w, hi) + 6).toFixed(1)}" y="${cy + 4}" font-size="11">${r.value.toFixed(2)} µs${r.ratio ? ` (${r.ratio.toFixed(2)}×)` : ''}</text>`,
      );
      y += rowH;
    }
    y += 24;
  }
  const legend = Object.entries(COLORS)
    .map(
      ([kind, color], i) =>
        `<rect x="${10 + i * 90}" y="50" width="12" height="12" fill="${color}"/><text x="${26 + i * 90}" y="60" font-size="12">${kind}</text>`,
    )
    .join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}" font-family="system-ui, -apple-system, Segoe UI, sans-serif">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="22" font-size="15" font-weight="bold">CPU per streamed chunk (lower is better; ratio to the floor in brackets)</text>`,
    `<text x="10" y="40" font-size="11" fill="#555">${esc(subtitle)}</text>`,
    legend,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
