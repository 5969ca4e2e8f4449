import { hash32, pick, seededRandom } from './hash.js';
import { contentWords } from './tokenizer.js';

const OPENERS = [
  'You asked: "{q}".',
  'Your question was: "{q}".',
  'Here is my take on "{q}".',
  'Regarding "{q}":',
];

const BODY = [
  'The key idea here is {a}.',
  'Looking at {a} and {b} together gives a clearer picture.',
  'A good starting point is to think about {a} first.',
  'In practice, {b} tends to matter as much as {a}.',
  'One useful way to see it: {a} shapes how {b} behaves.',
  'It helps to separate what is known about {a} from what is assumed.',
  'Most of the nuance comes from {b}.',
];

const CLOSERS = [
  'In short, {a} is the main point.',
  'So the answer depends mostly on {a}.',
  'That is the gist of it.',
  'I hope this helps with {a}.',
];

/** Words that say how to answer rather than what about; never used as topics. */
const META_WORDS = new Set(
  (
    'one two three four five six seven eight nine ten sentence sentences line word words short ' +
    'brief briefly name give tip tips way ways thing things example examples question answer'
  ).split(' '),
);

/** The question's topic words, most specific (longest) first, deterministic. */
function topics(question: string): string[] {
  const unique = [...new Set(contentWords(question))].filter(
    (w) => !META_WORDS.has(w) && !/^\d/.test(w),
  );
  return unique
    .map((w, i) => ({ w, i }))
    .sort((a, b) => b.w.length - a.w.length || a.i - b.i)
    .map((x) => x.w);
}

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w)\}/g, (_, key: string) => vars[key] ?? '');
}

/** Cuts a quote to at most `max` words so the echo stays readable. */
function quote(text: string, max = 24): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const parts = flat.split(' ');
  return parts.length <= max ? flat : `${parts.slice(0, max).join(' ')} …`;
}

/** Arithmetic the model can actually do, so answers about sums are right. */
function arithmetic(question: string): string | undefined {
  const numbers = (question.match(/-?\d+(?:\.\d+)?/g) ?? []).map(Number);
  if (numbers.length < 2) return undefined;
  const lower = question.toLowerCase();
  if (/\b(sum|add|plus|total)\b/.test(lower)) {
    return `The sum of ${numbers.join(' and ')} is ${numbers.reduce((x, y) => x + y, 0)}.`;
  }
  if (/\b(product|multiply|times)\b/.test(lower)) {
    return `The product of ${numbers.join(' and ')} is ${numbers.reduce((x, y) => x * y, 1)}.`;
  }
  return undefined;
}

/**
 * The answer to a question: an echo of it plus a few "reasoning" sentences about its key words,
 * chosen by a PRNG seeded with the conversation, so the same conversation always gets the same
 * answer and different questions get different ones.
 */
export function answerText(question: string, seedKey: string, turnIndex: number): string {
  const random = seededRandom(hash32(seedKey));
  const keywords = topics(question);
  const a = keywords[0] ?? 'your question';
  const b = keywords[1] ?? keywords[0] ?? 'the context';
  const vars = { q: quote(question || 'nothing in particular'), a, b };
  const sentences = [fill(pick(OPENERS, random), vars)];
  if (turnIndex > 1) sentences.push(`Continuing our conversation (turn ${turnIndex}).`);
  const math = arithmetic(question);
  if (math) sentences.push(math);
  const body = [...BODY];
  const count = 2 + Math.floor(random() * 2);
  for (let i = 0; i < count && body.length > 0; i++) {
    const index = Math.floor(random() * body.length);
    sentences.push(fill(body.splice(index, 1)[0] as string, vars));
  }
  sentences.push(fill(pick(CLOSERS, random), vars));
  return sentences.join(' ');
}

/** The inline reasoning for `enable_thinking`. */
export function thinkingText(question: string, seedKey: string): string {
  const random = seededRandom(hash32(`think:${seedKey}`));
  const keywords = topics(question);
  const a = keywords[0] ?? 'the request';
  const b = keywords[1] ?? 'the details';
  return pick(
    [
      `The user is asking about ${a}. I should consider ${b} and answer clearly.`,
      `Let me think about ${a} first, then how ${b} fits in.`,
      `Key terms: ${keywords.slice(0, 4).join(', ') || a}. A short, direct answer works best.`,
    ],
    random,
  );
}

/** Text that uses tool results, quoting each result's content. */
export function toolResultAnswer(results: readonly { name: string; content: string }[]): string {
  const parts = results.map((r) => `${r.name} returned: ${r.content.trim()}`);
  return `Based on the tool results, ${parts.join('; ')}. That answers your request.`;
}
