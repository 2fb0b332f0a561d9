import { ConfigurationError } from '../../errors/configuration.error';
import type { RoutedProvider } from '../routing-strategy.types';

/**
 * Throws a `ConfigurationError` when a strategy names providers the router does not have (such a
 * rule or route could never match). Strategies call it from `validate()`, run by `RouterBuilder.build()`.
 */
export function requireKnownProviders(strategy: string, named: readonly string[], providers: readonly RoutedProvider[]): void {
  const known = providers.map((p) => p.name);
  const unknown = [...new Set(named.filter((name) => !known.includes(name)))];
  if (unknown.length === 0) return;
  const quote = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(', ');
  throw new ConfigurationError(`${strategy} names ${quote(unknown)}, which the router does not have (its providers: ${quote(known)})`, { provider: 'router' });
}
