import type { Message } from '../core/message.types';
import type { ProviderRequest } from '../core/provider.types';
import type { CallOptions } from './chat.types';
import type { RunSettings } from './run-settings';
import { liveSignal } from './abort.helpers';
import { responseFormatOf } from './structured-output';

/**
 * The provider request for one model request of a run. A forced `toolChoice` (`required`, a
 * name) applies to the first request only, else the loop could never end; `none` applies to all.
 */
export function buildProviderRequest(settings: RunSettings<unknown>, call: CallOptions, messages: readonly Message[], signal: AbortSignal, first: boolean): ProviderRequest {
  const options = settings.options || call.options ? { ...settings.options, ...call.options } : undefined;
  const toolChoice = first || call.toolChoice === 'none' ? call.toolChoice : undefined;
  const live = liveSignal(signal);
  return {
    messages,
    ...(live ? { signal: live } : {}),
    ...(settings.system !== undefined ? { system: settings.system } : {}),
    ...(settings.tools.size > 0 ? { tools: settings.tools.specs } : {}),
    ...(toolChoice !== undefined && settings.tools.size > 0 ? { toolChoice } : {}),
    ...(settings.output ? { responseFormat: responseFormatOf(settings.output) } : {}),
    ...(options ? { options } : {}),
    ...(call.providerOptions ? { providerOptions: call.providerOptions } : {}),
    ...(call.headers ? { headers: call.headers } : {}),
    ...(call.timeout !== undefined ? { timeout: call.timeout } : {}),
    ...(call.idleTimeout !== undefined ? { idleTimeout: call.idleTimeout } : {}),
  };
}
