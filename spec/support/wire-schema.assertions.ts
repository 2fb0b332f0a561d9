import type { JsonValue } from '../../lib/core/json.types';

/**
 * Assertions on a tool's argument schema as it went out on the wire (the Claude Messages wire:
 * `tools[].input_schema`, the canonical schema unchanged), read from a request the provider emulator
 * recorded. They check what only a build-time schema carries (JSDoc descriptions, a literal union)
 * beside what the run-time path also sees (optionality, a `@Min()` constraint).
 */

/** What the source of one arguments class says: the schema the model must see. */
export interface ExpectedArgsSchema {
  /** The tool's name on the wire. */
  readonly tool: string;
  /** Every property of the class with its JSDoc text: exactly these properties are expected. */
  readonly descriptions: Readonly<Record<string, string>>;
  /** The `?` property: not in `required`. */
  readonly optional: string;
  /** A property typed as a literal union, and its members. */
  readonly literalUnion: { readonly property: string; readonly values: readonly string[] };
  /** A property with `@Min(value)`. */
  readonly minimum: { readonly property: string; readonly value: number };
}

/** `ForecastArgs` of the Nest app, the ESM app and the monorepo's `alpha` app (fixtures/schema-apps). */
export const CITY_FORECAST: ExpectedArgsSchema = {
  tool: 'forecast',
  descriptions: { city: 'The city to forecast, e.g. Lyon.', days: 'How many days ahead, from 1.', unit: 'Temperature unit; Celsius when absent.' },
  optional: 'unit',
  literalUnion: { property: 'unit', values: ['celsius', 'fahrenheit'] },
  minimum: { property: 'days', value: 1 },
};

/** `ForecastArgs` of the monorepo's `beta` app: same class name, other fields. */
export const AIRPORT_FORECAST: ExpectedArgsSchema = {
  tool: 'forecast',
  descriptions: { airport: 'The ICAO code of the airport, e.g. LFLL.', hours: 'Hours ahead, from 6.', format: 'Report format; METAR when absent.' },
  optional: 'format',
  literalUnion: { property: 'format', values: ['metar', 'taf'] },
  minimum: { property: 'hours', value: 6 },
};

interface WireSchema {
  readonly type?: string;
  readonly properties?: Record<string, { description?: string; enum?: JsonValue[]; minimum?: number }>;
  readonly required?: string[];
}

/** The `input_schema` of tool `name` in a recorded Claude Messages request body; fails when the tool is not offered. */
export function toolSchemaOnWire(body: JsonValue, name: string): WireSchema {
  const tools = (body as { tools?: Array<{ name: string; input_schema: WireSchema }> } | null)?.tools ?? [];
  const tool = tools.find((t) => t.name === name);
  if (!tool) throw new Error(`tool ${name} is not in the request (tools: ${tools.map((t) => t.name).join(', ') || 'none'})`);
  return tool.input_schema;
}

/** Asserts that the request offered `expected.tool` with the schema its arguments class's source describes. */
export function expectArgsSchemaOnWire(body: JsonValue, expected: ExpectedArgsSchema): void {
  const schema = toolSchemaOnWire(body, expected.tool);
  const properties = schema.properties ?? {};
  expect(schema.type).toBe('object');
  expect(Object.keys(properties).sort()).toEqual(Object.keys(expected.descriptions).sort());
  for (const [property, description] of Object.entries(expected.descriptions)) expect({ property, description: properties[property].description }).toEqual({ property, description });
  expect([...(schema.required ?? [])].sort()).toEqual(Object.keys(expected.descriptions).filter((p) => p !== expected.optional).sort());
  expect([...(properties[expected.literalUnion.property].enum ?? [])].sort()).toEqual([...expected.literalUnion.values].sort());
  expect(properties[expected.minimum.property].minimum).toBe(expected.minimum.value);
}
