/**
 * One view of a failure, whichever surface raised it: the core's `PolarGridError`, the AI SDK's
 * `APICallError` (possibly inside a `RetryError`), LangChain's (the core error, stamped).
 */
import { isPolarGridError } from '@polargrid/core';

export interface ErrorView {
  /** The class the caller sees (`RateLimitError`, `AI_APICallError`, …). */
  name: string;
  /** The core class underneath, when one is reachable (`cause`, `lastError`). */
  coreName: string | undefined;
  status: number | undefined;
  code: string | undefined;
  region: string | undefined;
  requestId: string | undefined;
  message: string;
  /** Attempts the framework itself reports (AI SDK `RetryError.errors.length`). */
  frameworkAttempts: number | undefined;
}

type Loose = Record<string, unknown> & { name?: string; message?: string; cause?: unknown };

function asLoose(value: unknown): Loose | undefined {
  return typeof value === 'object' && value !== null ? (value as Loose) : undefined;
}

function findCore(error: unknown, depth = 0): Loose | undefined {
  if (depth > 5) return undefined;
  if (isPolarGridError(error)) return error as unknown as Loose;
  const e = asLoose(error);
  if (!e) return undefined;
  return findCore(e.lastError, depth + 1) ?? findCore(e.cause, depth + 1);
}

export function viewError(error: unknown): ErrorView {
  const outer = asLoose(error) ?? { message: String(error) };
  // AI SDK: RetryError wraps the last APICallError.
  const lastError = asLoose(outer.lastError);
  const surfaceError = lastError ?? outer;
  const core = findCore(error);
  const data = asLoose(surfaceError.data);
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  return {
    name: String(outer.name ?? 'Error'),
    coreName: core ? String(core.name) : undefined,
    status: num(surfaceError.statusCode) ?? num(surfaceError.status) ?? num(core?.status),
    code: str(data?.code) ?? str(surfaceError.code) ?? str(core?.code),
    region: str(data?.region) ?? str(surfaceError.region) ?? str(core?.region),
    requestId: str(data?.requestId) ?? str(surfaceError.requestId) ?? str(core?.requestId),
    message: String(outer.message ?? ''),
    frameworkAttempts: Array.isArray(outer.errors) ? outer.errors.length : undefined,
  };
}
