import { words } from './tokenizer.js';

/** A JSON Schema, loosely typed: the generator reads only what it understands. */
export type JsonSchema = { [key: string]: unknown };

/** What the generator draws values from: the user's text, consumed in order. */
export class ValueSource {
  readonly text: string;
  readonly #numbers: string[];
  readonly #places: string[];
  #placeIndex = 0;

  constructor(text: string) {
    this.text = text;
    this.#numbers = text.match(/-?\d+(?:\.\d+)?/g) ?? [];
    this.#places = findPlaces(text);
  }

  nextNumber(): number | undefined {
    const next = this.#numbers.shift();
    return next === undefined ? undefined : Number(next);
  }

  remainingNumbers(): number[] {
    return this.#numbers.splice(0).map(Number);
  }

  nextPlace(): string | undefined {
    const place = this.#places[this.#placeIndex];
    if (place !== undefined) this.#placeIndex += 1;
    return place ?? this.#places[0];
  }

  mentions(value: string): boolean {
    const needle = value.toLowerCase();
    return needle.length > 0 && this.text.toLowerCase().includes(needle);
  }
}

const PLACE_PARAM = /(location|city|place|town|country|region|destination|origin|where)/i;
const NOT_PLACES = new Set(['I', 'What', 'Whats', 'How', 'Please', 'Can', 'Tell', 'The', 'And']);

/** Capitalised word runs, e.g. "San Francisco", preferring ones after in/at/for/to/from. */
function findPlaces(text: string): string[] {
  const found: { name: string; score: number; at: number }[] = [];
  const re = /\b([A-Z][\p{L}'-]+(?:\s+[A-Z][\p{L}'-]+)*)/gu;
  for (const match of text.matchAll(re)) {
    const name = (match[1] ?? '').trim();
    if (NOT_PLACES.has(name) || /^[A-Z]+$/.test(name)) continue;
    const before = text.slice(Math.max(0, (match.index ?? 0) - 6), match.index).toLowerCase();
    const score = /\b(in|at|for|to|from|of)\s+$/.test(before) ? 1 : 0;
    if (match.index === 0 && score === 0) continue;
    found.push({ name, score, at: match.index ?? 0 });
  }
  const preferred = found.filter((f) => f.score > 0);
  return (preferred.length > 0 ? preferred : found).map((f) => f.name);
}

/** A relevant phrase of the text for a free string parameter. */
function phrase(text: string): string {
  const cleaned = text
    .replace(
      /^(please\s+)?((what|who|how|can|could|would|tell|find|search|look)\b[^a-z0-9]*)+/i,
      '',
    )
    .replace(/[?!.]+$/g, '')
    .trim();
  const parts = cleaned.split(/\s+/).filter(Boolean).slice(0, 12);
  return parts.join(' ') || text.trim() || 'example';
}

function resolveRef(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let current = schema;
  for (let depth = 0; depth < 16 && typeof current.$ref === 'string'; depth++) {
    const path = current.$ref.replace(/^#\/?/, '').split('/').filter(Boolean);
    let target: unknown = root;
    for (const segment of path) {
      target = (target as Record<string, unknown> | undefined)?.[segment];
    }
    if (!target || typeof target !== 'object') return {};
    current = target as JsonSchema;
  }
  return current;
}

function schemaType(schema: JsonSchema): string | undefined {
  const t = schema.type;
  if (Array.isArray(t)) return t.find((x) => x !== 'null') as string | undefined;
  if (typeof t === 'string') return t;
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  if (Array.isArray(schema.enum)) return typeof schema.enum[0];
  return undefined;
}

/**
 * A value that validates against `schema`, drawn from the user's text: numbers in order, place
 * names for location-like parameters, mentioned enum values, a phrase for other strings.
 */
export function valueForSchema(
  schema: JsonSchema,
  source: ValueSource,
  name = '',
  root: JsonSchema = schema,
): unknown {
  const s = resolveRef(schema, root);
  if ('const' in s) return s.const;
  const variants = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(variants) && variants.length > 0) {
    const usable = variants.find((v) => resolveRef(v, root).type !== 'null') ?? variants[0];
    return valueForSchema(usable as JsonSchema, source, name, root);
  }
  if (Array.isArray(s.allOf) && s.allOf.length > 0) {
    return valueForSchema(Object.assign({}, ...(s.allOf as JsonSchema[])), source, name, root);
  }
  if (Array.isArray(s.enum) && s.enum.length > 0) {
    return s.enum.find((v) => typeof v === 'string' && source.mentions(v)) ?? s.enum[0];
  }
  switch (schemaType(s)) {
    case 'integer': {
      const n = source.nextNumber();
      return clamp(n === undefined ? 1 : Math.round(n), s);
    }
    case 'number': {
      const n = source.nextNumber();
      return clamp(n === undefined ? 1 : n, s);
    }
    case 'boolean':
      return name !== '' && words(source.text).some((w) => name.toLowerCase().includes(w));
    case 'array':
      return arrayValue(s, source, name, root);
    case 'object':
      return objectValue(s, source, root);
    case 'null':
      return null;
    default:
      return stringValue(s, source, name);
  }
}

function clamp(n: number, s: JsonSchema): number {
  let value = n;
  if (typeof s.minimum === 'number' && value < s.minimum) value = s.minimum;
  if (typeof s.maximum === 'number' && value > s.maximum) value = s.maximum;
  return value;
}

function stringValue(s: JsonSchema, source: ValueSource, name: string): string {
  if (s.format === 'date') return '2026-01-01';
  if (s.format === 'date-time') return '2026-01-01T00:00:00Z';
  if (s.format === 'email') return 'user@example.com';
  if (s.format === 'uri' || s.format === 'url') return 'https://example.com';
  let value = PLACE_PARAM.test(name) ? source.nextPlace() : undefined;
  value ??= phrase(source.text);
  if (typeof s.maxLength === 'number' && value.length > s.maxLength) {
    value = value.slice(0, s.maxLength);
  }
  if (typeof s.minLength === 'number' && value.length < s.minLength) {
    value = value.padEnd(s.minLength, '.');
  }
  return value;
}

function arrayValue(s: JsonSchema, source: ValueSource, name: string, root: JsonSchema) {
  const items = resolveRef((s.items as JsonSchema | undefined) ?? {}, root);
  const itemType = schemaType(items);
  const min = typeof s.minItems === 'number' ? s.minItems : 1;
  const max = typeof s.maxItems === 'number' ? s.maxItems : Number.POSITIVE_INFINITY;
  if ((itemType === 'number' || itemType === 'integer') && !items.enum) {
    const numbers = source.remainingNumbers().slice(0, max);
    const values = numbers.map((n) => clamp(itemType === 'integer' ? Math.round(n) : n, items));
    while (values.length < min) values.push(clamp(1, items));
    return values;
  }
  const values: unknown[] = [];
  for (let i = 0; i < Math.max(min, 1) && i < max; i++) {
    values.push(valueForSchema(items, source, name, root));
  }
  return values;
}

function objectValue(s: JsonSchema, source: ValueSource, root: JsonSchema) {
  const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
  const out: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(properties)) {
    if (!required.has(key) && !optionalIsMentioned(key, resolveRef(prop, root), source)) continue;
    out[key] = valueForSchema(prop, source, key, root);
  }
  return out;
}

/** Optional properties are filled only when the text gives something for them. */
function optionalIsMentioned(key: string, prop: JsonSchema, source: ValueSource): boolean {
  if (Array.isArray(prop.enum))
    return prop.enum.some((v) => typeof v === 'string' && source.mentions(v));
  return source.mentions(key.replace(/_/g, ' '));
}
