/** The example's tools for the LangChain agent route (same implementations as the AI SDK route). */
import { tool } from 'langchain';
import { getTime, getWeather, timeInput, weatherInput } from './tools-impl';

export const langchainTools = [
  tool(async (input) => JSON.stringify(getWeather(input)), {
    name: 'get_weather',
    description: 'Get the current weather for a city.',
    schema: weatherInput,
  }),
  tool(async (input) => JSON.stringify(getTime(input)), {
    name: 'get_time',
    description: 'Get the current local time in an IANA time zone.',
    schema: timeInput,
  }),
];
