import { globSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repoRoot } from './doc-files.js';

/** A workspace package as the command check needs it: its scripts and its bins. */
interface WorkspacePackage {
  name: string;
  dir: string;
  scripts: Set<string>;
  bins: Set<string>;
}

/** pnpm's own commands: a first word that is one of these is not a script name. */
const PNPM_COMMANDS = new Set([
  'add',
  'install',
  'i',
  'remove',
  'update',
  'exec',
  'dlx',
  'create',
  'pack',
  'publish',
  'why',
  'list',
  'ls',
  'turbo',
]);

/**
 * Third-party packages a README may run with `npx`, each only at a pinned version
 * (`npx -y pnpm@10.34.8`), so the command cannot resolve to something else later.
 */
const PINNED_THIRD_PARTY = new Set(['pnpm', 'create-next-app']);

function readPackage(dir: string): WorkspacePackage {
  const json = JSON.parse(readFileSync(join(repoRoot, dir, 'package.json'), 'utf8')) as {
    name: string;
    scripts?: Record<string, string>;
    bin?: string | Record<string, string>;
  };
  const bins = typeof json.bin === 'string' ? [json.name] : Object.keys(json.bin ?? {});
  return {
    name: json.name,
    dir,
    scripts: new Set(Object.keys(json.scripts ?? {})),
    bins: new Set(bins),
  };
}

/** The root package and every workspace package (from `pnpm-workspace.yaml`), by name. */
export function workspacePackages(): Map<string, WorkspacePackage> {
  const manifest = readFileSync(join(repoRoot, 'pnpm-workspace.yaml'), 'utf8');
  const globs = manifest
    .slice(0, manifest.indexOf('\n\n'))
    .split('\n')
    .filter((line) => line.startsWith('  - '))
    .map((line) => line.slice(4).trim());
  const dirs = globs.flatMap((pattern) =>
    globSync(`${pattern}/package.json`, { cwd: repoRoot }).map((file) => dirname(file)),
  );
  const all = ['.', ...dirs].map(readPackage);
  return new Map(all.map((pkg) => [pkg.name, pkg]));
}

/** The simple commands of a shell block: comments, prompts and output lines left out. */
export function commandsOf(code: string): string[][] {
  const commands: string[][] = [];
  for (const rawLine of code.split('\n')) {
    const line = rawLine
      .replace(/^\$\s+/, '')
      .replace(/\s#.*$/, '')
      .trim();
    if (line === '' || line.startsWith('#')) continue;
    for (const part of line.split(/&&|\|\||;|\|/)) {
      const words = part.trim().split(/\s+/).filter(Boolean);
      // Leading `NAME=value` assignments set the environment of the command.
      while (words[0] && /^[A-Z_][A-Z0-9_]*=/.test(words[0])) words.shift();
      if (words.length > 0) commands.push(words);
    }
  }
  return commands;
}

/**
 * Problems with one command: a `pnpm` script that does not exist where it is run, a `pnpm
 * --filter` naming no workspace package, or an `npx` that would resolve to a package we do not
 * own (a bare `npx some-bin` downloads whatever the registry has under that name).
 */
export function checkCommand(words: string[], packages: Map<string, WorkspacePackage>): string[] {
  const [program, ...args] = words;
  if (program === 'pnpm') return checkPnpm(args, packages);
  if (program === 'npx') return checkNpx(args, packages);
  return [];
}

function checkPnpm(args: string[], packages: Map<string, WorkspacePackage>): string[] {
  let target = packages.get('polargrid-ts');
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--filter' || arg === '-F') {
      const name = args[++i] ?? '';
      target = packages.get(name);
      if (!target) return [`pnpm --filter ${name}: no workspace package is named ${name}`];
    } else if (arg.startsWith('--filter=')) {
      // A turbo-style selector (`--filter=demo...`): only the package name is checked.
      const name = arg
        .slice('--filter='.length)
        .replace(/[.^]+$/g, '')
        .replace(/\^.*$/, '');
      if (!packages.has(name)) return [`pnpm ${arg}: no workspace package is named ${name}`];
    } else rest.push(arg);
  }
  const [command, script] = rest;
  if (!command || command.startsWith('-') || PNPM_COMMANDS.has(command)) return [];
  const name = command === 'run' ? script : command;
  if (!name || !target) return [];
  if (target.scripts.has(name)) return [];
  return [`pnpm ${rest.join(' ')}: ${target.name} (${target.dir}) has no script "${name}"`];
}

function checkNpx(args: string[], packages: Map<string, WorkspacePackage>): string[] {
  let fromPackage: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-y' || arg === '--yes') continue;
    if (arg === '-p' || arg === '--package') fromPackage = args[++i];
    else if (arg.startsWith('--package=')) fromPackage = arg.slice('--package='.length);
    else rest.push(arg);
  }
  const bin = rest[0];
  if (!bin) return [];
  const command = `npx ${args.join(' ')}`;
  if (fromPackage) {
    const owner = packages.get(fromPackage);
    if (!owner) return [`${command}: ${fromPackage} is not one of our packages`];
    if (!owner.bins.has(bin)) return [`${command}: ${fromPackage} has no bin "${bin}"`];
    return [];
  }
  const pinned = /^(@?[^@\s]+)@(\d[\w.-]*)$/.exec(bin);
  if (pinned && PINNED_THIRD_PARTY.has(pinned[1]!)) return [];
  const owner = packages.get(bin);
  if (owner && owner.bins.size > 0) return [];
  return [
    `${command}: npx would fetch the registry package "${bin}", which is not ours; ` +
      'name the package (npx -p @polargrid/… <bin>) or a pinned version',
  ];
}
