import type { ChatWrapper, ChatWrapperGenerateContextStateOptions, ChatWrapperGeneratedContextState } from 'node-llama-cpp';

const PROBE_OPTIONS: ChatWrapperGenerateContextStateOptions = {
  chatHistory: [
    { type: 'user', text: 'x' },
    { type: 'model', response: [] },
  ],
  availableFunctions: { probe: { description: 'probe' } },
};

/**
 * Whether a chat format renders a plain prompt (no prefix triggers of its own), so generation
 * can be started directly in function-calling mode.
 */
export function canForceCalls(wrapper: ChatWrapper): boolean {
  try {
    const state = wrapper.generateContextState(PROBE_OPTIONS) as Partial<Record<string, unknown>>;
    return ['prefixTriggers', 'noPrefixTrigger', 'rerender', 'functionCall', 'detectFunctionCalls'].every((key) => state[key] === undefined);
  } catch {
    return false;
  }
}

/**
 * The same chat format, but generation starts in node-llama-cpp's function-calling mode with no
 * way out: the model must pick one of the offered functions (under its grammar). This is how
 * `toolChoice: 'required'` and `toolChoice: { name }` are enforced.
 */
export function forcedCallWrapper(wrapper: ChatWrapper): ChatWrapper {
  return new Proxy(wrapper, {
    get(target, property) {
      if (property === 'generateContextState') {
        return (options: ChatWrapperGenerateContextStateOptions): ChatWrapperGeneratedContextState => ({
          ...target.generateContextState(options),
          functionCall: { initiallyEngaged: true, disengageInitiallyEngaged: [] },
        }) as ChatWrapperGeneratedContextState;
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
