/** Appends one event to a run's stream and keeps the stream alive for its retention. KEYS[1]: the stream. ARGV: maxLen, json, ttlMs. */
export const APPEND_EVENT_SCRIPT = `
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'data', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return id
`;
