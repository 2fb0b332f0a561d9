/** Extends a hold: KEYS[1] expires in ARGV[1] ms unless it already expires later. */
export const HOLD_SCRIPT = `
local pttl = redis.call('PTTL', KEYS[1])
if pttl < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], '1', 'PX', ARGV[1]) end
return 1
`;
