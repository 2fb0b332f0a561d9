import type { BodyCheck } from './official-specs';
import type { CapturedBody } from './request-scenarios';

/**
 * Asserts that every captured body conforms to its request schema (ajv errors and unknown fields),
 * listing all problems at once as `provider / scenario: problem` lines.
 *
 * @example
 * expectConforming('DeepSeekBuilder', bodies, () => chatCheck);
 */
export function expectConforming(provider: string, bodies: readonly CapturedBody[], checkOf: (body: CapturedBody) => BodyCheck): void {
  expect(bodies.length).toBeGreaterThan(0);
  const problems = bodies.flatMap((b) => checkOf(b)(b.body).map((p) => `${provider} / ${b.scenario}: ${p}`));
  expect(problems).toEqual([]);
}
