/**
 * Background chat runs on BullMQ (an optional peer dependency): `ChatQueue` on the web tier,
 * `ChatWorker` on the worker tier, checkpoints so a killed worker's run resumes without repeating.
 * @packageDocumentation
 */
export type {
  ChatJobData,
  ChatJobResult,
} from './chat-job.types';
export {
  ChatQueue,
} from './chat.queue';
export type {
  ChatQueueOptions,
  ChatQueueSettings,
} from './chat.queue';
export {
  ChatWorker,
} from './chat.worker';
export type {
  ChatWorkerOptions,
} from './chat.worker';
export type {
  StreamingChat,
} from './chat-run.executor';
