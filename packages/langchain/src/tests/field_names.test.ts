/**
 * A misspelled ChatPolarGrid field is an error, not a silently ignored setting: TypeScript says
 * "did you mean", and the constructor throws a typed error for callers without types.
 */
import { writeFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigurationError } from '@polargrid/core';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import { ChatPolarGrid, type ChatPolarGridInput } from '../chat_models.js';

const key = { apiKey: 'pg_test_key_0123456789', baseURL: 'http://127.0.0.1:9' };
/** Builds from fields a type checker would refuse (a JavaScript caller's object). */
const untyped = (fields: Record<string, unknown>) =>
  new ChatPolarGrid({ ...key, ...fields } as ChatPolarGridInput);

describe('misspelled fields', () => {
  test.each([
    ['temprature', 'temperature'],
    ['max_tokens', 'maxTokens'],
    ['maxtokens', 'maxTokens'],
    ['top_p', 'topP'],
    ['autoRouterUrl', 'autorouterURL'],
  ])('%s: a ConfigurationError that names %s, before any request', (typo, meant) => {
    const error = (() => {
      try {
        untyped({ [typo]: 0 });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ code: 'unknown_option' });
    expect((error as Error).message).toContain(`unknown field '${typo}'; did you mean '${meant}'?`);
  });

  test('the model-first form is checked too', () => {
    expect(
      () => new ChatPolarGrid('qwen-3.8-27b', { ...key, temprature: 0 } as ChatPolarGridInput),
    ).toThrow(/did you mean 'temperature'/);
  });

  test("LangChain's own base fields and correct fields pass", () => {
    expect(() =>
      untyped({
        temperature: 0,
        maxTokens: 10,
        tags: ['a'],
        metadata: { a: 1 },
        callbacks: [],
        verbose: false,
        cache: false,
        maxRetries: 1,
        maxConcurrency: 2,
        disableStreaming: true,
        outputVersion: 'v1',
      }),
    ).not.toThrow();
  });

  test('TypeScript reports the misspelling with "Did you mean", not a string-parameter mismatch', () => {
    const file = fileURLToPath(new URL('./__typo_probe.ts', import.meta.url));
    writeFileSync(
      file,
      "import { ChatPolarGrid } from '../chat_models.js';\nexport const chat = new ChatPolarGrid({ temprature: 0 });\n",
    );
    try {
      const config = ts.getParsedCommandLineOfConfigFile(
        fileURLToPath(new URL('../../tsconfig.json', import.meta.url)),
        {},
        { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
      );
      const program = ts.createProgram([file], { ...config?.options, noEmit: true });
      const messages = ts
        .getPreEmitDiagnostics(program, program.getSourceFile(file))
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      expect(messages).toHaveLength(1);
      expect(messages[0]).toContain("Did you mean to write 'temperature'?");
      expect(messages[0]).not.toContain("parameter of type 'string'");
    } finally {
      rmSync(file, { force: true });
    }
  }, 60_000);
});
