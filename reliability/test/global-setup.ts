import { clearSections, composeDoc } from '../src/report/sections.ts';

export function setup(): void {
  clearSections();
}

export function teardown(): void {
  const missing = composeDoc();
  if (missing.length > 0) {
    console.log(
      `[reliability] docs/reliability.md not rewritten: sections missing (${missing.join(', ')})`,
    );
  } else {
    console.log('[reliability] docs/reliability.md written');
  }
}
