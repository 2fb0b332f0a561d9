/**
 * Whether a Claude model accepts native structured output (`output_config.format`): Claude Opus 4.1,
 * the 4.5 generation and later. Older models (Claude 3.x, Sonnet/Opus 4.0) get a forced `json` tool
 * instead. Names that do not look like a Claude model (proxies, custom deployments) are assumed recent.
 */
export function supportsNativeStructuredOutput(model: string): boolean {
  const name = model.toLowerCase();
  if (!name.includes('claude')) return true;
  if (/claude-(instant|2)/.test(name) || /claude-3/.test(name)) return false;
  const version = /claude-(?:opus|sonnet|haiku|[a-z]+)-(\d+)(?:[-.](\d{1,2}))?(?!\d)/.exec(name);
  if (!version) return true;
  const major = Number(version[1]);
  const minor = version[2] === undefined ? 0 : Number(version[2]);
  if (major >= 5) return true;
  if (major < 4) return false;
  return minor >= 5 || (minor === 1 && name.includes('opus'));
}
