/**
 * vitest setup (every mode): LangChain's own matchers (`toHaveStreamToolCalls`, `toBeAIMessage`,
 * …) from `@langchain/core/testing`, as LangChain's integration packages register them.
 */
import { langchainMatchers } from '@langchain/core/testing';
import { expect } from 'vitest';

expect.extend(langchainMatchers);
