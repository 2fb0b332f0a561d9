import { ProviderOverloadedError } from './provider-overloaded.error';

/**
 * A local model has every sequence busy and its wait queue is full: the request was refused
 * without running. Retryable (after a pause), like any overload.
 */
export class QueueFullError extends ProviderOverloadedError {}
