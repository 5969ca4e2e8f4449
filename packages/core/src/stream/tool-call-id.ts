let counter = 0;

/**
 * A `call_…` id for a tool call the server sent without one. Unique within the process
 * (counter) and unlikely to collide across processes (random part); not a secret.
 */
export function generateToolCallId(): string {
  counter = (counter + 1) % 0x100000;
  return `call_${Math.random().toString(36).slice(2, 12)}${counter.toString(36)}`;
}

/** The server's id as a string: numbers are stringified, '', null and others mean "none". */
export function wireId(id: unknown): string | undefined {
  if (typeof id === 'string') return id === '' ? undefined : id;
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  return undefined;
}
