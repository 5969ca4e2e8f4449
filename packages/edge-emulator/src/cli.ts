import { runCli } from './cli-main.js';

runCli(process.argv.slice(2), (line) => console.log(line)).then(
  (emulator) => {
    if (!emulator) return;
    console.error(
      `# polargrid-edge: autorouter ${emulator.autorouterURL}; edges ${emulator.edges
        .map((e) => `${e.region} (${e.name}) ${e.url}`)
        .join(', ')}. Ctrl-C to stop.`,
    );
    const stop = () => {
      void emulator.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
  (error: unknown) => {
    console.error(`polargrid-edge: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
