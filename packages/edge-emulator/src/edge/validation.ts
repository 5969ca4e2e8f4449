import type { DetailItem } from '../http/respond.js';

/** Collects FastAPI-style validation errors for one body. */
export class Validator {
  readonly errors: DetailItem[] = [];
  readonly body: Record<string, unknown>;

  constructor(body: unknown) {
    this.body =
      body && typeof body === 'object' && !Array.isArray(body)
        ? (body as Record<string, unknown>)
        : {};
    if (this.body !== body) {
      this.errors.push({
        loc: ['body'],
        msg: 'Input should be a valid dictionary',
        type: 'dict_type',
        input: body,
      });
    }
  }

  get ok(): boolean {
    return this.errors.length === 0;
  }

  required(field: string): boolean {
    if (this.body[field] === undefined || this.body[field] === null) {
      this.errors.push({ loc: ['body', field], msg: 'Field required', type: 'missing' });
      return false;
    }
    return true;
  }

  string(field: string, required = false): string | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) {
      if (required) this.required(field);
      return undefined;
    }
    if (typeof value !== 'string') {
      this.errors.push({
        loc: ['body', field],
        msg: 'Input should be a valid string',
        type: 'string_type',
        input: value,
      });
      return undefined;
    }
    return value;
  }

  boolean(field: string): boolean | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') {
      this.errors.push({
        loc: ['body', field],
        msg: 'Input should be a valid boolean',
        type: 'bool_type',
        input: value,
      });
      return undefined;
    }
    return value;
  }

  /** A number in [min, max]; `integer` rejects fractions. */
  number(field: string, min: number, max: number, integer = false): number | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      const type = integer ? 'int_type' : 'float_type';
      const msg = integer ? 'Input should be a valid integer' : 'Input should be a valid number';
      this.errors.push({ loc: ['body', field], msg, type, input: value });
      return undefined;
    }
    if (integer && !Number.isInteger(value)) {
      this.errors.push({
        loc: ['body', field],
        msg: 'Input should be a valid integer, got a number with a fractional part',
        type: 'int_from_float',
        input: value,
      });
      return undefined;
    }
    if (value < min) {
      this.errors.push({
        loc: ['body', field],
        msg: `Input should be greater than or equal to ${min}`,
        type: 'greater_than_equal',
        input: value,
        ctx: { ge: min },
      });
      return undefined;
    }
    if (value > max) {
      this.errors.push({
        loc: ['body', field],
        msg: `Input should be less than or equal to ${max}`,
        type: 'less_than_equal',
        input: value,
        ctx: { le: max },
      });
      return undefined;
    }
    return value;
  }

  array(field: string, required = false): unknown[] | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) {
      if (required) this.required(field);
      return undefined;
    }
    if (!Array.isArray(value)) {
      this.errors.push({
        loc: ['body', field],
        msg: 'Input should be a valid list',
        type: 'list_type',
        input: value,
      });
      return undefined;
    }
    return value;
  }
}
