/**
 * Appends one event to a run's stream and keeps the stream alive for its retention. KEYS[1]: the
 * stream. ARGV: maxLen, json, ttlMs, seq (the event's number in this `publish`, from 1), pub (the
 * `publish` call's random id). Idempotent per (pub, seq): when the newest entry comes from the same
 * `publish` and already carries this `seq` or a later one, nothing is added and that entry's id is
 * returned — so a command ioredis resends after a reconnect (Redis restarted, or the reply was lost
 * after the server had run it) never appends an event twice. A later `publish` of the same run (a
 * retried job) has another `pub` and appends normally.
 */
export const APPEND_EVENT_SCRIPT = `
local newest = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
if newest then
  local fields, pub, seq = newest[2], nil, nil
  for i = 1, #fields, 2 do
    if fields[i] == 'pub' then pub = fields[i + 1] elseif fields[i] == 'seq' then seq = tonumber(fields[i + 1]) end
  end
  if pub == ARGV[5] and seq and seq >= tonumber(ARGV[4]) then return newest[1] end
end
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'data', ARGV[2], 'seq', ARGV[4], 'pub', ARGV[5])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return id
`;
