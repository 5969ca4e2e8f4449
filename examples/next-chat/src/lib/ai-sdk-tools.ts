/** The example's tools for the AI SDK route (`streamText`), executed on the server. */
import { tool } from 'ai';
import { getTime, getWeather, timeInput, weatherInput } from './tools-impl';

export const aiSdkTools = {
  get_weather: tool({
    description: 'Get the current weather for a city.',
    inputSchema: weatherInput,
    execute: async (input) => getWeather(input),
  }),
  get_time: tool({
    description: 'Get the current local time in an IANA time zone.',
    inputSchema: timeInput,
    execute: async (input) => getTime(input),
  }),
};
