/**
 * Type tests for the ChatBuilder type-state, compiled by spec/package/types.spec.ts in a consumer
 * project against the packed tarball's `.d.ts` (not run by jest).
 * Each `@ts-expect-error` line must fail to compile; if it compiles, tsc reports the unused directive.
 */
import type { Observable } from 'rxjs';
import { ChatBuilder, type Chat, type ChatResponse, type OutputSpec, type ChatProvider, type StreamEvent, type ToolDefinition } from 'chat-ts';

declare const provider: ChatProvider;
declare const tools: ToolDefinition[];
interface Weather {
  city: string;
  celsius: number;
}
declare const weatherSpec: OutputSpec<Weather>;
class Forecast {
  days = 0;
}

type Equals<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | undefined {
  return undefined;
}

// build() needs a model
// @ts-expect-error build() before withModel()
new ChatBuilder().build();
// @ts-expect-error build() before withModel(), even with other settings
new ChatBuilder().withSystemPrompt('s').withOptions({ temperature: 1 }).build();

// a plain chat answers strings
const plain = new ChatBuilder().withModel(provider).build();
assertType<Equals<typeof plain, Chat<string>>>();
assertType<Equals<Awaited<ReturnType<typeof plain.complete>>, ChatResponse<string>>>();

// structured output changes the result type
const typed = new ChatBuilder().withModel(provider).withStructuredOutput(weatherSpec).build();
assertType<Equals<Awaited<ReturnType<typeof typed.complete>>, ChatResponse<Weather>>>();
assertType<Equals<ReturnType<typeof typed.stream>, Observable<StreamEvent<Weather>>>>();
async function useOutput(): Promise<number> {
  const response = await typed.complete('x');
  const celsius: number = response.output.celsius;
  // @ts-expect-error output is a Weather, not a string
  const wrong: string = response.output;
  void wrong;
  return celsius;
}
void useOutput;

// a class argument gives its instance type; order does not matter
const fromClass = new ChatBuilder().withStructuredOutput(Forecast).withModel(provider).build();
assertType<Equals<typeof fromClass, Chat<Forecast>>>();

// @ts-expect-error withModel() twice
new ChatBuilder().withModel(provider).withModel(provider);
// @ts-expect-error withStructuredOutput() twice
new ChatBuilder().withStructuredOutput(weatherSpec).withStructuredOutput(Forecast);
// @ts-expect-error withSystemPrompt() twice
new ChatBuilder().withSystemPrompt('a').withSystemPrompt('b');
// @ts-expect-error onFinish() twice
new ChatBuilder().onFinish(() => undefined).onFinish(() => undefined);
// @ts-expect-error withApproval() twice
new ChatBuilder().withTools(tools).withApproval(() => ({ action: 'execute' })).withApproval(() => ({ action: 'execute' }));

// tool settings need tools
// @ts-expect-error withApproval() without tools
new ChatBuilder().withModel(provider).withApproval(() => ({ action: 'execute' })).build();
// @ts-expect-error withMaxSteps() without tools
new ChatBuilder().withModel(provider).withMaxSteps(3).build();
// @ts-expect-error withToolConcurrency() without tools
new ChatBuilder().withModel(provider).withToolConcurrency(2).build();
// ...in any order
new ChatBuilder().withMaxSteps(3).withModel(provider).withTools(tools).withApproval(() => ({ action: 'require-approval' })).build();

// repair attempts need structured output
// @ts-expect-error withRepairAttempts() without withStructuredOutput()
new ChatBuilder().withModel(provider).withRepairAttempts(1).build();
new ChatBuilder().withRepairAttempts(1).withModel(provider).withStructuredOutput(weatherSpec).build();

// @ts-expect-error a strategy must return a decision
new ChatBuilder().withTools(tools).withApproval(() => ({ action: 'maybe' }));
