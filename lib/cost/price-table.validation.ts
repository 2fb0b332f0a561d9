import { ConfigurationError } from '../errors/configuration.error';
import type { PriceTable } from './price-table.types';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const KINDS = ['input', 'output', 'cachedInput', 'cacheWrite', 'reasoning'] as const;

function price(where: string, value: unknown, required: boolean): void {
  if (value === undefined && !required) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new ConfigurationError(`${where} must be a number >= 0, got ${String(value)}`);
}

/**
 * Checks a price table (currency, dates, a price for each required token kind); returns it.
 * A bad table is a `ConfigurationError` naming the entry and the field.
 *
 * @example
 * const prices = validatePriceTable(JSON.parse(readFileSync('prices.json', 'utf8')));
 */
export function validatePriceTable(table: PriceTable): PriceTable {
  if (!table || typeof table !== 'object') throw new ConfigurationError('A price table must be an object { currency, asOf, prices }');
  if (typeof table.currency !== 'string' || !/^[A-Z]{3}$/.test(table.currency)) throw new ConfigurationError(`Price table: currency must be an ISO 4217 code such as "USD", got ${String(table.currency)}`);
  if (typeof table.asOf !== 'string' || !DATE.test(table.asOf)) throw new ConfigurationError(`Price table: asOf must be a date YYYY-MM-DD, got ${String(table.asOf)}`);
  if (!Array.isArray(table.prices)) throw new ConfigurationError('Price table: prices must be an array');
  table.prices.forEach((entry, i) => {
    const where = `Price table: prices[${i}]`;
    if (typeof entry?.provider !== 'string' || !entry.provider) throw new ConfigurationError(`${where}.provider must be a provider id or "*"`);
    if (typeof entry.model !== 'string' || !entry.model) throw new ConfigurationError(`${where}.model must be a model id or a prefix ending with "*"`);
    if (entry.since !== undefined && (typeof entry.since !== 'string' || !DATE.test(entry.since))) throw new ConfigurationError(`${where}.since must be a date YYYY-MM-DD`);
    if (!entry.perMillion || typeof entry.perMillion !== 'object') throw new ConfigurationError(`${where}.perMillion must be an object { input, output, ... }`);
    for (const kind of KINDS) price(`${where}.perMillion.${kind}`, entry.perMillion[kind], kind === 'input' || kind === 'output');
  });
  return table;
}
