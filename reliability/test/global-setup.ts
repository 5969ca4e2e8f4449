import { clearSections, composeDoc, DOC_PATH } from '../src/report/sections.ts';

export function setup(): void {
  clearSections();
}

export function teardown(): void {
  const missing = composeDoc();
  if (missing.length > 0) {
    console.log(
      `[reliability] ${DOC_PATH} not rewritten: sections missing (${missing.join(', ')})`,
    );
  } else {
    console.log(`[reliability] ${DOC_PATH} written`);
  }
}
