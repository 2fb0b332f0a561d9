import type { RoutedProvider, RoutingRequest, RoutingStrategy } from '../routing-strategy.types';

/** One keyword rule: when the last user message matches, `provider` goes first. */
export interface KeywordRule {
  /** A regular expression, or words matched case-insensitively as whole words. */
  readonly match: RegExp | readonly string[];
  readonly provider: string;
}

/**
 * Routes on keywords of the last user message: providers of matching rules first (in rule order),
 * the others after them as fallbacks (or dropped, with `exclusive`).
 *
 * @example
 * new KeywordStrategy([{ match: ['code', 'typescript'], provider: 'claude' }])
 */
export class KeywordStrategy implements RoutingStrategy {
  constructor(
    private readonly rules: readonly KeywordRule[],
    private readonly options: { readonly exclusive?: boolean } = {},
  ) {}

  route(providers: readonly RoutedProvider[], request: RoutingRequest): readonly RoutedProvider[] {
    const text = request.lastUserText;
    const chosen: string[] = [];
    for (const rule of this.rules) {
      const hit =
        rule.match instanceof RegExp
          ? rule.match.test(text)
          : rule.match.some((w) => new RegExp(`\\b${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(text));
      if (hit && !chosen.includes(rule.provider)) chosen.push(rule.provider);
    }
    const first = chosen.flatMap((name) => providers.filter((p) => p.name === name));
    if (this.options.exclusive && first.length > 0) return first;
    return [...first, ...providers.filter((p) => !chosen.includes(p.name))];
  }
}
