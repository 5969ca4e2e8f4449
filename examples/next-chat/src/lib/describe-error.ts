/**
 * Turns a failure into the one line the UI shows. PolarGrid errors carry status, region and
 * request id; none of them contain the API key (the core redacts it), so the text is safe to send.
 */
function field(error: object, key: string): unknown {
  return (error as Record<string, unknown>)[key];
}

export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return `Unexpected error: ${String(error)}`;
  // AI SDK wraps the last failure of a retried call; the cause is the useful part.
  const inner =
    error.name === 'AI_RetryError' && field(error, 'lastError') instanceof Error
      ? (field(error, 'lastError') as Error)
      : error;
  const status = field(inner, 'statusCode') ?? field(inner, 'status');
  // PolarGrid errors already name the status and region ("PolarGrid 500 (region yto-01): …").
  if (typeof status === 'number' && !inner.message.includes(String(status))) {
    return `HTTP ${status}: ${inner.message}`;
  }
  return inner.message || inner.name;
}
