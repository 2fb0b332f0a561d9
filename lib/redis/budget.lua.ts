/**
 * One atomic budget step. KEYS[1]: the counter (a string holding a float). ARGV: op
 * (reserve|adjust), amount, limit (reserve only), expiresAt (epoch ms). `reserve` adds only when the
 * result stays <= limit; `adjust` always adds (never below 0). A changed counter expires at
 * `expiresAt` or later (an expiry is only ever pushed back). Returns {ok (1|0), used as a string}.
 */
export const BUDGET_SCRIPT = `
local key = KEYS[1]
local amount = tonumber(ARGV[2])
local used = tonumber(redis.call('GET', key) or '0')
if ARGV[1] == 'reserve' and used + amount > tonumber(ARGV[3]) then
  return {0, tostring(used)}
end
local after
if used + amount < 0 then
  redis.call('SET', key, '0', 'KEEPTTL')
  after = '0'
else
  after = redis.call('INCRBYFLOAT', key, ARGV[2])
end
local expiresAt = tonumber(ARGV[4])
local pttl = redis.call('PTTL', key)
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
if pttl < 0 or now + pttl < expiresAt then
  redis.call('PEXPIREAT', key, ARGV[4])
end
return {1, after}
`;
