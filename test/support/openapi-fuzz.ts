import fc from 'fast-check';

/** The part of JSON Schema (OpenAPI 3.0 flavour) the API's documents use. */
export interface JsonSchema {
  type?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  nullable?: boolean;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  description?: string;
}

/** One operation of an OpenAPI document, as the fuzzer calls it. */
export interface Operation {
  method: string;
  path: string;
  query: { name: string; required: boolean; schema: JsonSchema }[];
  body: { contentType: string; required: boolean; schema: JsonSchema } | null;
}

/** A generated request: everything needed to send it again. */
export interface FuzzRequest {
  method: string;
  url: string;
  contentType?: string;
  payload?: string;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: { in: string; name: string; required?: boolean; schema: JsonSchema }[]; requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> } }>>;
}

/** Every operation of the document, in its order. */
export function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => {
      const content = Object.entries(operation.requestBody?.content ?? {})[0];
      return {
        method: method.toUpperCase(),
        path,
        query: (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: p.required ?? false, schema: p.schema })),
        body: content ? { contentType: content[0], required: operation.requestBody?.required ?? false, schema: content[1].schema } : null,
      };
    }));
}

// Markers a generated value may contain, replaced in the JSON text after JSON.stringify: numbers JSON.stringify
// cannot write (1e400 parses as Infinity) and nesting deeper than JSON.stringify's own stack.
const INFINITE = '\u0001infinite\u0001';
const DEEP = '\u0001deep\u0001';
const DEEP_LEVELS = 20_000;

/** What is known to be hard for a server: text the database cannot store, sizes, scripts, control characters. */
export const HOSTILE_STRINGS = [
  '', ' ', '\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '\ud83d', '\udda8\ud83d', '🖨️ Büro 3. OG', '\u202eevil', "'; drop table customers; --",
  '../../etc/passwd', '%00', '%', '<script>alert(1)</script>', '\\', '"', 'null', '-1', '1e309', 'NaN', '\r\n', '\t', '\uffff', '\ufeff',
  '{{7*7}}', '$(id)', 'x'.repeat(10_000), 'é'.repeat(300), '𝔘'.repeat(200), 'mac:00:11:22:33:44:55', 'unknown', '0000',
];

/** Timestamps at and beyond what JavaScript and both database engines agree on, and malformed ones. */
export const EXTREME_DATES = [
  '0000-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '0099-12-31T23:59:59Z', '1000-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59-14:00',
  '1000-01-01T00:00:00+14:00', '+275760-09-13T00:00:00Z', '-000001-01-01T00:00:00Z', '2027-02-29T00:00:00Z', '2028-02-29T00:00:00Z', '2027-01-01T24:00:00Z',
  '2027-01-01T23:59:60Z', '2027-01-01T00:00:00+23:59', '2027-01-01T00:00:00-14:00', '2027-01-01T00:00:00.123456789Z', '2027-01-01', '1970-01-01T00:00:00Z',
  '2027-13-01T00:00:00Z', '2026-11-21T10:00:00Z', '2026-11-21T09:59:59.999Z', '2036-11-21T10:00:00Z',
];

const HOSTILE_NUMBERS = [0, -0, -1, 1.5, 0.1, 1e308, -1e308, 2 ** 31, 2 ** 31 - 1, -(2 ** 31) - 1, 2 ** 53, 2 ** 53 + 2, 2 ** 63, -(2 ** 63), 5e-324, 12345678901234567890, INFINITE];
const WRONG_TYPES: unknown[] = [null, true, false, 0, 'string', [], {}, [null], { '': null }, DEEP];

/** Text the database cannot store as sent: a NUL or a lone surrogate put somewhere into an otherwise fitting string. */
function spoiled(fitting: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(fitting, fc.constantFrom('\u0000', '\ud800', '\udfff', '\udbff'), fc.nat()).map(([text, bad, at]) => {
    const i = text.length ? at % (text.length + 1) : 0;
    return `${text.slice(0, i)}${bad}${text.slice(i)}`;
  });
}

/** A value that does not fit the schema, or fits it in the hardest way. */
function hostile(schema: JsonSchema, world: FuzzWorld, name?: string): fc.Arbitrary<unknown> {
  const choices: fc.Arbitrary<unknown>[] = [fc.constantFrom(...WRONG_TYPES), fc.constantFrom(...HOSTILE_STRINGS), fc.constantFrom(...HOSTILE_NUMBERS)];
  if (schema.format === 'date-time') choices.push(fc.constantFrom(...EXTREME_DATES), fc.constantFrom(...EXTREME_DATES));
  if (schema.type === 'string') {
    const fitting = stringOf(schema, world, name);
    choices.push(spoiled(fitting), spoiled(fitting), spoiled(fitting), fc.constantFrom(...HOSTILE_STRINGS), fc.string({ unit: 'binary', maxLength: 50 }));
  }
  return fc.oneof(...choices);
}

/** What the fuzzer knows of the data, so that requests reach past "not found" and "wrong password". */
export interface FuzzWorld {
  /** Ids of real rows (both dealers'), by collection as the API names it in paths: customers, devices, consumable-requests… */
  ids: Readonly<Record<string, readonly string[]>>;
  /** Real values by field name (email, password, serial…), used now and then instead of made-up ones. */
  examples: Readonly<Record<string, readonly string[]>>;
}

/** The collection a field or path segment names: customerId → customers, deviceIds → devices, consumable-requests → itself. */
function collectionOf(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const base = name.replace(/Ids?$/, '');
  return base.endsWith('s') ? base : `${base}s`;
}

/** Real ids of a collection (most of the time), any real id, or a random UUID. */
function idOf(world: FuzzWorld, collection: string | undefined): fc.Arbitrary<string> {
  const own = (collection && world.ids[collection]) || [];
  const all = Object.values(world.ids).flat();
  return fc.oneof(
    { weight: own.length ? 6 : 0, arbitrary: own.length ? fc.constantFrom(...own) : fc.uuid() },
    { weight: all.length ? 2 : 0, arbitrary: all.length ? fc.constantFrom(...all) : fc.uuid() },
    { weight: 1, arbitrary: fc.uuid() },
  );
}

/**
 * An arbitrary for values of a schema: mostly values that fit it (real ids, dates in range, lengths at the
 * limits), and with `hostility` > 0 some values that do not (wrong types, NUL, lone surrogates, huge numbers,
 * extreme dates, deep nesting), at any depth.
 */
export function valueOf(schema: JsonSchema, world: FuzzWorld, hostility: number, name?: string): fc.Arbitrary<unknown> {
  const fitting = fittingValueOf(schema, world, hostility, name);
  const withNull = schema.nullable ? fc.oneof({ weight: 4, arbitrary: fitting }, { weight: 1, arbitrary: fc.constant(null) }) : fitting;
  return hostility > 0 ? fc.oneof({ weight: 20 - hostility, arbitrary: withNull }, { weight: hostility, arbitrary: hostile(schema, world, name) }) : withNull;
}

function fittingValueOf(schema: JsonSchema, world: FuzzWorld, hostility: number, name?: string): fc.Arbitrary<unknown> {
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => valueOf(s, world, hostility, name)));
  if (schema.allOf) return valueOf(Object.assign({}, ...schema.allOf) as JsonSchema, world, hostility, name);
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'string': return stringOf(schema, world, name);
    case 'integer': return numberOf(schema, true);
    case 'number': return numberOf(schema, false);
    case 'boolean': return fc.boolean();
    case 'array': {
      const max = Math.min(schema.maxItems ?? 4, 4);
      const items = fc.array(valueOf(schema.items ?? {}, world, hostility, name), { minLength: Math.min(schema.minItems ?? 0, max), maxLength: max });
      // One past the limit, where the limit is small enough to send.
      const over = schema.maxItems !== undefined && schema.maxItems <= 600 ? [fc.array(valueOf(schema.items ?? {}, world, 0, name), { minLength: schema.maxItems + 1, maxLength: schema.maxItems + 1 })] : [];
      return over.length ? fc.oneof({ weight: 9, arbitrary: items }, { weight: 1, arbitrary: over[0]! }) : items;
    }
    case 'object': {
      if (!schema.properties) return fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });
      const properties = Object.fromEntries(Object.entries(schema.properties).map(([field, s]) => [field, valueOf(s, world, hostility, field)]));
      const record = fc.record(properties, { requiredKeys: schema.required ?? [] });
      if (hostility === 0) return record;
      // Now and then a field the schema does not know, or a required one left out.
      return fc.tuple(record, fc.constantFrom('none', 'none', 'none', 'unknown', 'missing')).map(([value, twist]) => {
        const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
        if (twist === 'unknown') out.unexpectedField = 'x';
        if (twist === 'missing' && schema.required?.length) delete out[schema.required[0]!];
        return out;
      });
    }
    default:
      return fc.jsonValue({ maxDepth: 3 });
  }
}

function stringOf(schema: JsonSchema, world: FuzzWorld, name?: string): fc.Arbitrary<string> {
  if (schema.format === 'uuid') return idOf(world, collectionOf(name));
  const examples = name ? world.examples[name] : undefined;
  if (examples?.length) return fc.oneof({ weight: 1, arbitrary: fc.constantFrom(...examples) }, { weight: 1, arbitrary: stringOf(schema, world) });
  if (schema.format === 'date-time') {
    const ordinary = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
    return fc.oneof({ weight: 4, arbitrary: ordinary }, { weight: 1, arbitrary: fc.constantFrom(...EXTREME_DATES) });
  }
  if (schema.format === 'email') return fc.emailAddress();
  if (schema.pattern) {
    try {
      return fc.stringMatching(new RegExp(schema.pattern));
    } catch {
      // A pattern fast-check cannot generate from: fall through to plain strings.
    }
  }
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 60;
  const short = Math.max(min, Math.min(max, 40));
  const choices: fc.Arbitrary<string>[] = [fc.string({ minLength: min, maxLength: short }), fc.string({ unit: 'grapheme', minLength: min, maxLength: short })];
  // At the limit and one past it.
  if (schema.maxLength !== undefined) choices.push(fc.constantFrom('x'.repeat(max), 'x'.repeat(max + 1), '🖨'.repeat(max)));
  return fc.oneof(...choices);
}

function numberOf(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const low = typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum : schema.minimum;
  const high = typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum : schema.maximum;
  const edges = [low, high].filter((n): n is number => n !== undefined && Number.isFinite(n)).flatMap((n) => [n, n - 1, n + 1]);
  const min = Math.max(low ?? -1e6, -1e12);
  const max = Math.min(high ?? 1e6, 1e12);
  const inRange = integer ? fc.integer({ min: Math.ceil(Math.max(min, Number.MIN_SAFE_INTEGER)), max: Math.floor(Math.min(max, Number.MAX_SAFE_INTEGER)) }) : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  return edges.length ? fc.oneof({ weight: 4, arbitrary: inRange }, { weight: 1, arbitrary: fc.constantFrom(...edges) }) : inRange;
}

/** JSON text of a generated value, with the markers turned into what JSON.stringify cannot write. */
export function toJson(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text
    .replaceAll(JSON.stringify(INFINITE), '1e400')
    .replaceAll(JSON.stringify(DEEP), `${'['.repeat(DEEP_LEVELS)}${']'.repeat(DEEP_LEVELS)}`);
}

/** Bodies no schema describes: broken JSON, prototype keys, duplicate keys, deep nesting, sizes. */
const RAW_BODIES = [
  '', '{', '{"a":', 'null', '[]', '"text"', '42', 'true', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}',
  '{"name":"a","name":"b"}', '\ufeff{}', '{"x":1e400}', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`,
  `{"a":"${'x'.repeat(900_000)}"}`, `[${'{},'.repeat(100_000)}{}]`, '{"a":"\\ud800"}', '{"a":"\\u0000"}', '{"\\u0000":1}',
];

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A CSV file with the columns a schema's description names, fields both ordinary and hostile, and broken files. */
function csvOf(schema: JsonSchema, hostility: number): fc.Arbitrary<string> {
  const named = /Columns: ([^(.]+)/.exec(schema.description ?? '')?.[1]?.split(',').map((c) => c.trim()).filter(Boolean) ?? ['name'];
  const field = hostility > 0 ? fc.oneof({ weight: 6, arbitrary: fc.string({ maxLength: 20 }) }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) }) : fc.string({ maxLength: 20 });
  const file = fc.tuple(fc.shuffledSubarray(named, { minLength: 1 }), fc.array(fc.array(field, { minLength: named.length, maxLength: named.length }), { maxLength: 6 }))
    .map(([columns, rows]) => [columns.join(','), ...rows.map((row) => columns.map((_, i) => csvField(row[i] ?? '')).join(','))].join('\n') + '\n');
  const broken = fc.constantFrom('', '\u0000', 'customer\n"unclosed', '\ufeffcustomer,serial\nAcme,SN1\n', 'customer,customer\nA,B\n', `customer\n${'A\n'.repeat(5000)}`, 'customer,serial\r\nA\u0000,SN\r\n');
  return hostility > 0 ? fc.oneof({ weight: 4, arbitrary: file }, { weight: 1, arbitrary: broken }) : file;
}

function encodeQueryValue(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    // A lone surrogate has no UTF-8 form; send the bytes a careless client would (CESU-8 of U+D800).
    return [...value].map((c) => (/[\ud800-\udfff]/.test(c) ? '%ED%A0%80' : encodeURIComponent(c))).join('');
  }
}

function queryText(value: unknown): string[] {
  if (Array.isArray(value)) return value.length ? value.flatMap(queryText) : [''];
  if (value === null || value === undefined) return [''];
  if (typeof value === 'object') return [JSON.stringify(value)];
  return [String(value)];
}

/**
 * Requests for one operation: path ids of real rows (or random or malformed), query strings and bodies
 * generated from its schemas. Half the requests fit the schemas (to reach the services and the database),
 * half carry hostile values somewhere; a few send raw bodies no schema describes, or the wrong content type.
 */
export function requestsFor(operation: Operation, world: FuzzWorld): fc.Arbitrary<FuzzRequest> {
  return fc.constantFrom(0, 0, 2, 5).chain((hostility) => {
    // A path id is drawn from the collection the segment before it names (/customers/{id}: customers).
    const segment = (collection: string | undefined) => {
      const ids = idOf(world, collection);
      return hostility > 0 ? fc.oneof({ weight: 4, arbitrary: ids }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_STRINGS.filter((s) => s !== '')).map(encodeQueryValue) }) : ids;
    };
    const names = [...operation.path.matchAll(/([\w-]+)\/\{(\w+)\}/g)].map((m) => ({ name: m[2]!, collection: m[1] }));
    const path = fc.tuple(...names.map((n) => segment(n.collection))).map((values) => names.reduce((p, n, i) => p.replace(`{${n.name}}`, values[i]!), operation.path));

    const params = operation.query.map((param) => {
      const value = valueOf(param.schema, world, hostility, param.name).map((v) => queryText(v).map((text) => `${encodeURIComponent(param.name)}=${encodeQueryValue(text)}`).join('&'));
      return param.required ? value : fc.option(value, { nil: '' });
    });
    const extra = hostility > 0 ? fc.constantFrom('', '', '', 'unknown=1', '%', 'limit=1&limit=2', '=&&=') : fc.constant('');
    const query = fc.tuple(fc.tuple(...params), extra).map(([parts, more]) => [...parts, more].filter(Boolean).join('&'));

    let body: fc.Arbitrary<Pick<FuzzRequest, 'contentType' | 'payload'>> = fc.constant({});
    if (operation.body) {
      const { contentType, schema } = operation.body;
      const fitting = contentType === 'text/csv' ? csvOf(schema, hostility) : valueOf(schema, world, hostility).map(toJson);
      const payload = hostility > 0 ? fc.oneof({ weight: 8, arbitrary: fitting }, { weight: 1, arbitrary: fc.constantFrom(...RAW_BODIES) }) : fitting;
      const type = hostility > 0 ? fc.oneof({ weight: 12, arbitrary: fc.constant(contentType) }, { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'multipart/form-data; boundary=x') }) : fc.constant(contentType);
      body = fc.tuple(payload, type).map(([p, t]) => ({ payload: p, contentType: t }));
    } else if (hostility > 0) {
      body = fc.oneof({ weight: 6, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fc.constantFrom(...RAW_BODIES).map((payload) => ({ payload, contentType: 'application/json' })) });
    }
    return fc.tuple(path, query, body).map(([p, q, b]) => ({ method: operation.method, url: q ? `${p}?${q}` : p, ...b }));
  });
}

/** A request as a line a person can read and replay: long payloads shortened in the middle. */
export function describeRequest(request: FuzzRequest): string {
  const payload = request.payload === undefined ? '' : request.payload.length > 600
    ? ` ${JSON.stringify(request.payload.slice(0, 300))}…(${request.payload.length} characters)…${JSON.stringify(request.payload.slice(-100))}`
    : ` ${JSON.stringify(request.payload)}`;
  return `${request.method} ${request.url}${request.contentType ? ` [${request.contentType}]` : ''}${payload}`;
}
