/**
 * One step on one circuit, atomically. KEYS[1]: the circuit's hash (state, failures, openedAt,
 * probes, probeSince). ARGV: op (read|acquire|force|release|success|failure), now, failureThreshold,
 * recoveryTimeMs, maxProbes, probeLeaseMs, keyTtlMs. Returns {state, failures, openedAt, granted, from}
 * (`from` is '' when the state did not change).
 */
export const CIRCUIT_SCRIPT = `
local key = KEYS[1]
local op = ARGV[1]
local now = tonumber(ARGV[2])
local threshold = tonumber(ARGV[3])
local recovery = tonumber(ARGV[4])
local maxProbes = tonumber(ARGV[5])
local lease = tonumber(ARGV[6])
local ttl = tonumber(ARGV[7])
local v = redis.call('HMGET', key, 'state', 'failures', 'openedAt', 'probes', 'probeSince')
local state = v[1] or 'closed'
local failures = tonumber(v[2] or '0')
local openedAt = tonumber(v[3] or '0')
local probes = tonumber(v[4] or '0')
local probeSince = tonumber(v[5] or '0')
local before = state
local granted = 0
if probes > 0 and now - probeSince >= lease then probes = 0 end
if op ~= 'success' and op ~= 'failure' and op ~= 'release' and state == 'open' and now - openedAt >= recovery then
  state = 'half-open'
end
if op == 'acquire' or op == 'force' then
  if state == 'closed' then
    granted = 1
  elseif op == 'force' or (state == 'half-open' and probes < maxProbes) then
    if probes == 0 then probeSince = now end
    probes = probes + 1
    granted = 1
  end
elseif op == 'release' then
  if probes > 0 then probes = probes - 1 end
elseif op == 'success' then
  failures = 0
  probes = 0
  state = 'closed'
elseif op == 'failure' then
  failures = failures + 1
  local wasProbe = probes > 0
  probes = 0
  if state == 'half-open' or wasProbe or (state == 'closed' and failures >= threshold) then
    openedAt = now
    state = 'open'
  end
end
redis.call('HSET', key, 'state', state, 'failures', failures, 'openedAt', openedAt, 'probes', probes, 'probeSince', probeSince)
redis.call('PEXPIRE', key, ttl)
local from = ''
if state ~= before then from = before end
return {state, failures, openedAt, granted, from}
`;
