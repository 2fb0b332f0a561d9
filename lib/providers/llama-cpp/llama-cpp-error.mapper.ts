import { AbortedError } from '../../errors/aborted.error';
import { ChatError } from '../../errors/chat.error';
import { ConfigurationError } from '../../errors/configuration.error';
import { ContextLengthExceededError } from '../../errors/context-length-exceeded.error';
import { ServerError } from '../../errors/server-error.error';
import { LLAMA_CPP_PROVIDER } from './llama-cpp-history.mapper';

function field(error: unknown, key: 'name' | 'message'): string {
  return typeof error === 'object' && error !== null && key in error ? String((error as Record<string, unknown>)[key]) : '';
}

/**
 * Turns anything node-llama-cpp throws into a typed `ChatError` (duck-typed: its errors may come
 * from another realm). The prompt not fitting the context → `ContextLengthExceededError`; a disposed
 * model → `ConfigurationError`; an abort → `AbortedError`; anything else → `ServerError`.
 */
export function toChatError(error: unknown): ChatError {
  if (error instanceof ChatError) return error;
  const name = field(error, 'name');
  const message = field(error, 'message') || String(error);
  const options = { provider: LLAMA_CPP_PROVIDER, providerMessage: message, cause: error };
  if (/context size|fit the context|usable context|context window|too long/i.test(message)) {
    return new ContextLengthExceededError(`llama-cpp: the prompt does not fit the context: ${message}`, options);
  }
  if (name === 'DisposedError' || /disposed/i.test(message)) {
    return new ConfigurationError('llama-cpp: the model was disposed', { ...options, code: 'disposed' });
  }
  if (name === 'AbortError') return new AbortedError('llama-cpp request aborted', options);
  if (name === 'InsufficientMemoryError') {
    return new ServerError(`llama-cpp: not enough memory: ${message}`, { ...options, code: 'insufficient-memory', retryable: false });
  }
  return new ServerError(`llama-cpp generation failed: ${message}`, { ...options, retryable: false });
}
