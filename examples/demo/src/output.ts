/** Console output of the demo: step banners, progress lines and the final summary. */
const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: string) => (text: string) =>
  useColor ? `\u001b[${code}m${text}\u001b[0m` : text;
export const bold = paint('1');
export const dim = paint('2');
export const green = paint('32');
export const red = paint('31');

export function banner(index: number, total: number, title: string): void {
  console.log(`\n${bold(`[${index}/${total}] ${title}`)}`);
}

export function info(text: string): void {
  console.log(`  ${text}`);
}

/** Writes streamed text as it arrives, indented. */
export function streamWriter(prefix = '  '): { write(text: string): void; end(): void } {
  let atLineStart = true;
  return {
    write(text) {
      for (const ch of text) {
        if (atLineStart) process.stdout.write(prefix);
        process.stdout.write(ch);
        atLineStart = ch === '\n';
      }
    },
    end() {
      if (!atLineStart) process.stdout.write('\n');
      atLineStart = true;
    },
  };
}
