export type ParsedArguments =
  | { ok: true; args: Record<string, unknown> }
  | { ok: false; error: string };

/**
 * Parses a tool call's JSON arguments. Empty arguments mean `{}` (a call without parameters);
 * anything that is not a JSON object is reported, never thrown.
 */
export function parseToolArguments(text: string): ParsedArguments {
  if (text.trim() === '') return { ok: true, args: {} };
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return { ok: true, args: value as Record<string, unknown> };
    }
    return { ok: false, error: 'Tool call arguments are not a JSON object.' };
  } catch (error) {
    return {
      ok: false,
      error: `Failed to parse tool call arguments as JSON: ${(error as Error).message}`,
    };
  }
}
