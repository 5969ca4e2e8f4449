/** @type {import('next').NextConfig} */
const nextConfig = {
  // The LangChain stack is large and Node-only here; keep it out of the server bundle.
  serverExternalPackages: ['langchain', '@langchain/core', '@langchain/langgraph'],
  // Build output stays inside this example; the monorepo root is two levels up.
  outputFileTracingRoot: new URL('../..', import.meta.url).pathname,
  poweredByHeader: false,
};

export default nextConfig;
