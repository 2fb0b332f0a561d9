/**
 * Conditional write. KEYS[1]: the conversation hash (json, version); KEYS[2]: its claim (a token
 * with a lease). ARGV: json, expectedVersion, token ('' for none), ttlMs ('' for none).
 * Returns {version} when written, {-1} when a run holds it (busy), {-2} when the version moved.
 */
export const SAVE_CONVERSATION_SCRIPT = `
local holder = redis.call('GET', KEYS[2])
if holder and holder ~= ARGV[3] then return {-1} end
local version = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if version ~= tonumber(ARGV[2]) then return {-2} end
version = version + 1
redis.call('HSET', KEYS[1], 'json', ARGV[1], 'version', version)
if ARGV[4] ~= '' then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end
return {version}
`;

/**
 * Claim for one run. KEYS as above; ARGV: token, version, leaseMs. Returns 1 claimed, -1 busy, -2
 * version moved. The holder of `token` may claim again (a retried job taking its own claim back).
 */
export const CLAIM_CONVERSATION_SCRIPT = `
local holder = redis.call('GET', KEYS[2])
if holder and holder ~= ARGV[1] then return -1 end
local version = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if version == 0 or version ~= tonumber(ARGV[2]) then return -2 end
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[3])
return 1
`;

/** Gives a claim back. KEYS[1]: the claim; ARGV[1]: the holder's token. */
export const RELEASE_CLAIM_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
`;
