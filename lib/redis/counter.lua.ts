/**
 * One atomic counter step. KEYS[1]: the counter (a string holding a float). ARGV: op (add|consume),
 * amount, limit, windowMs ('' for no window). The window starts when the key is created (PEXPIRE)
 * and ends when Redis expires it. Returns {total as a string (floats survive), allowed (1|0), PTTL}.
 */
export const COUNTER_SCRIPT = `
local key = KEYS[1]
local op = ARGV[1]
local amount = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local window = ARGV[4]
local total = tonumber(redis.call('GET', key) or '0')
local allowed = 1
if op == 'consume' and total + amount > limit then
  allowed = 0
else
  local created = redis.call('EXISTS', key) == 0
  total = tonumber(redis.call('INCRBYFLOAT', key, amount))
  if created and window ~= '' then redis.call('PEXPIRE', key, window) end
end
return {tostring(total), allowed, redis.call('PTTL', key)}
`;
