/**
 * The example's tools, as plain functions with zod schemas. Both routes (AI SDK `tool()` and
 * LangChain `tool()`) wrap these, so the two agents behave the same and the UI renders both alike.
 * The data is deterministic on purpose: the demo must not need any network besides PolarGrid.
 */
import { z } from 'zod';

export const weatherInput = z.object({
  city: z.string().min(1).describe('City name, e.g. "Toronto"'),
});

export interface WeatherReport {
  city: string;
  temperatureC: number;
  conditions: string;
}

const CONDITIONS = ['sunny', 'cloudy', 'light snow', 'rain', 'clear', 'windy'] as const;

/** A stable, made-up report per city (a hash of the name), so answers are reproducible. */
export function getWeather({ city }: z.infer<typeof weatherInput>): WeatherReport {
  let h = 0;
  for (const ch of city.trim().toLowerCase()) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return {
    city: city.trim(),
    temperatureC: (h % 35) - 10,
    conditions: CONDITIONS[h % CONDITIONS.length] ?? 'clear',
  };
}

export const timeInput = z.object({
  timeZone: z
    .string()
    .min(1)
    .describe('IANA time zone, e.g. "America/Toronto"')
    .default('America/Toronto'),
});

export interface TimeReport {
  timeZone: string;
  iso: string;
  local: string;
}

/** The current time in a time zone; an unknown zone is a tool error the model sees. */
export function getTime({ timeZone }: z.infer<typeof timeInput>, now = new Date()): TimeReport {
  const local = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(now);
  return { timeZone, iso: now.toISOString(), local };
}
