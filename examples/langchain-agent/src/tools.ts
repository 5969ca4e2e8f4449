/**
 * The agent's tools. Deterministic on purpose (no network besides PolarGrid), so runs are
 * reproducible and the test can check the tool's output reached the terminal.
 */
import { tool } from 'langchain';
import { z } from 'zod';

const CONDITIONS = ['sunny', 'cloudy', 'light snow', 'rain', 'clear', 'windy'] as const;

export function weatherFor(city: string): {
  city: string;
  temperatureC: number;
  conditions: string;
} {
  let h = 0;
  for (const ch of city.trim().toLowerCase()) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return {
    city: city.trim(),
    temperatureC: (h % 35) - 10,
    conditions: CONDITIONS[h % CONDITIONS.length] ?? 'clear',
  };
}

export const getWeather = tool(async ({ city }) => JSON.stringify(weatherFor(city)), {
  name: 'get_weather',
  description: 'Get the current weather for a city.',
  schema: z.object({ city: z.string().min(1).describe('City name, e.g. "Toronto"') }),
});

export const convertTemperature = tool(
  async ({ celsius }) => JSON.stringify({ celsius, fahrenheit: Math.round(celsius * 1.8 + 32) }),
  {
    name: 'celsius_to_fahrenheit',
    description: 'Convert a temperature from degrees Celsius to degrees Fahrenheit.',
    schema: z.object({ celsius: z.number().describe('Temperature in °C') }),
  },
);

export const TOOLS = [getWeather, convertTemperature];
