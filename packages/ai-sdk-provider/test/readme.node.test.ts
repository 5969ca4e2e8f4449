/**
 * The README's tables are checked against the code they describe, so they cannot drift: every
 * provider setting is documented, every provider option is documented, and the capability table
 * says what the core's catalogue data says.
 */
import { readFileSync } from 'node:fs';
import { getModelCapabilities } from '@polargrid/core';
import { describe, expect, it } from 'vitest';
import { REASONING_ECHO_POLICIES } from '../src/chat/polargrid-chat-options.js';
import { KNOWN_MODEL_IDS } from '../src/polargrid-model-ids.js';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const readme = read('../README.md');

/** The optional property names declared in an interface body of a source file. */
function optionalProperties(source: string, iface: string): string[] {
  const declaration = source.slice(source.indexOf(`export interface ${iface}`));
  const body = declaration.slice(declaration.indexOf('{'));
  const end = body.indexOf('\n}');
  return [...body.slice(0, end).matchAll(/^ {2}(\w+)\?:/gm)].map((m) => m[1] as string);
}

/**
 * The provider settings: the core's connection options minus those the settings `Omit`, plus
 * the settings' own.
 */
function providerSettings(): string[] {
  const source = read('../src/polargrid-settings.ts');
  const omitted = source.match(/Omit<\s*PolarGridClientOptions,([^>]+)>/)?.[1] ?? '';
  const left = [...omitted.matchAll(/'(\w+)'/g)].map((m) => m[1]);
  const core = optionalProperties(
    read('../../core/src/types/options.ts'),
    'PolarGridClientOptions',
  ).filter((name) => !left.includes(name));
  return [...core, ...optionalProperties(source, 'PolarGridProviderSettings')];
}

/** Table rows (cells trimmed) of the markdown table whose header row starts with `first`. */
function table(first: string): string[][] {
  const lines = readme.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`| ${first}`));
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    );
  }
  return rows;
}

describe('README', () => {
  it('documents every provider setting in the settings table', () => {
    const settings = providerSettings();
    expect(settings.length).toBeGreaterThan(10);
    const documented = table('Setting').map((row) => row[0]?.replace(/`/g, ''));
    expect(documented.sort()).toEqual([...settings].sort());
  });

  it('shows every chat provider option in the provider options example', () => {
    const options = optionalProperties(
      read('../src/chat/polargrid-chat-options.ts'),
      'PolarGridLanguageModelOptions',
    );
    const example = readme.slice(readme.indexOf('### Provider options'));
    for (const option of options) expect(example).toContain(`${option}:`);
  });

  it('lists each model with the capabilities of the catalogue data', () => {
    const rows = table('Model');
    const ids = rows.map((row) => row[0]?.replace(/`/g, ''));
    expect([...ids].sort()).toEqual(Object.values(KNOWN_MODEL_IDS).flat().sort());
    const mark = (on: boolean) => (on ? '✓' : '–');
    for (const [id, kind, tools, reasoning, structured, images] of rows) {
      if (kind !== 'chat') continue;
      const caps = getModelCapabilities(id!.replace(/`/g, ''));
      expect(caps, id).toBeDefined();
      expect([tools, reasoning, structured, images], id).toEqual([
        mark(caps!.tools),
        mark(caps!.reasoning),
        mark(caps!.structuredOutput),
        mark(caps!.vision),
      ]);
    }
  });

  it('documents every reasoning echo policy', () => {
    const policies = table('`reasoningEcho`').map((row) =>
      row[0]?.replace(/`|\s*\(default\)/g, ''),
    );
    expect(policies).toEqual([...REASONING_ECHO_POLICIES]);
  });
});

describe('docs/integrations/ai-sdk.mdx (the community-provider page)', () => {
  const mdx = read('../../../docs/integrations/ai-sdk.mdx');

  it('documents every provider setting and every chat provider option', () => {
    for (const setting of optionalProperties(
      read('../src/polargrid-settings.ts'),
      'PolarGridProviderSettings',
    )) {
      expect(mdx, setting).toContain(`**${setting}**`);
    }
    const example = mdx.slice(mdx.indexOf('### Provider Options'));
    for (const option of optionalProperties(
      read('../src/chat/polargrid-chat-options.ts'),
      'PolarGridLanguageModelOptions',
    )) {
      expect(example, option).toContain(`${option}:`);
    }
  });

  it('shows the catalogue capabilities of each chat model it lists', () => {
    const rows = mdx.split('\n').filter((l) => /^\| `qwen/.test(l));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const [id, image, object, tools, , reasoning] = row
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim());
      const caps = getModelCapabilities(id!.replace(/`/g, ''));
      const mark = (on: boolean | undefined) =>
        on ? '<Check size={18} />' : '<Cross size={18} />';
      expect([image, object, tools, reasoning], id).toEqual([
        mark(caps?.vision),
        mark(caps?.structuredOutput),
        mark(caps?.tools),
        mark(caps?.reasoning),
      ]);
    }
  });
});
