import type { RoutedProvider, RoutingRequest, RoutingStrategy } from '../routing-strategy.types';
import { requireKnownProviders } from './known-providers';

/** One keyword rule: when the last user message matches, `provider` goes first. */
export interface KeywordRule {
  /** A regular expression, or words/phrases matched case-insensitively as whole words. */
  readonly match: RegExp | readonly string[];
  /** Name of a provider on the router. */
  readonly provider: string;
}

function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The rule as one sticky-free expression (a `g`/`y` flag would make `test()` stateful). */
function compile(match: RegExp | readonly string[]): RegExp {
  if (match instanceof RegExp) return new RegExp(match.source, match.flags.replace(/[gy]/g, ''));
  const words = match.map((w) => w.trim()).filter((w) => w !== '');
  if (words.length === 0) return /(?!)/;
  return new RegExp(`(?:^|[^\\p{L}\\p{N}_])(?:${words.map(escape).join('|')})(?![\\p{L}\\p{N}_])`, 'iu');
}

/**
 * Routes on keywords of the last user message: providers of matching rules first (in rule order),
 * the others after them as fallbacks (or dropped, with `exclusive`). A rule naming a provider the
 * router does not have fails `RouterBuilder.build()` with a `ConfigurationError` (it could never match).
 *
 * @example
 * new KeywordStrategy([
 *   { match: ['code', 'typescript', 'stack trace'], provider: 'claude' },
 *   { match: /\b(image|photo|picture)s?\b/i, provider: 'gemini' },
 * ])
 */
export class KeywordStrategy implements RoutingStrategy {
  private readonly compiled: ReadonlyArray<{ readonly test: RegExp; readonly provider: string }>;

  constructor(
    rules: readonly KeywordRule[],
    private readonly options: { readonly exclusive?: boolean } = {},
  ) {
    this.compiled = rules.map((r) => ({ test: compile(r.match), provider: r.provider }));
  }

  /** Every rule must name a provider of the router (called by `RouterBuilder.build()`). */
  validate(providers: readonly RoutedProvider[]): void {
    requireKnownProviders('A KeywordStrategy rule', this.compiled.map((r) => r.provider), providers);
  }

  route(providers: readonly RoutedProvider[], request: RoutingRequest): readonly RoutedProvider[] {
    const text = request.lastUserText;
    const chosen: string[] = [];
    for (const rule of this.compiled) if (!chosen.includes(rule.provider) && rule.test.test(text)) chosen.push(rule.provider);
    if (chosen.length === 0) return providers;
    const first = chosen.flatMap((name) => providers.filter((p) => p.name === name));
    if (this.options.exclusive && first.length > 0) return first;
    return [...first, ...providers.filter((p) => !chosen.includes(p.name))];
  }
}
