/**
 * `stop` as the array PolarGrid takes (a single string becomes a one-element list), so that
 * `invocationParams` shows the body exactly as sent. The limit of four is the core's to check:
 * it rejects more before any network call with a `ValidationError` naming `stop`.
 */
export function toStopList(stop: string[] | string | undefined): string[] | undefined {
  if (stop === undefined) return undefined;
  return typeof stop === 'string' ? [stop] : stop;
}
