import type Redis from 'ioredis';

/**
 * The reservoir operations Bottleneck has no atomic form for. They work on the settings hash
 * Bottleneck 2.19.5 keeps in Redis (`b_<id>_settings`, field `reservoir`) and on one key of
 * ours: the last window refilled (Intercom's reset timestamp, in ms).
 */

/**
 * Lowers the reservoir to ARGV[1] if it is higher, unless the report is from a window already
 * refilled (a late answer must not empty the next window). Never creates the settings hash:
 * Bottleneck's init must.
 */
const LOWER = `
if redis.call('exists', KEYS[1]) == 0 then return -1 end
local refilled = tonumber(redis.call('get', KEYS[2]))
if refilled ~= nil and refilled >= tonumber(ARGV[2]) then return -2 end
local reservoir = tonumber(redis.call('hget', KEYS[1], 'reservoir'))
local estimate = tonumber(ARGV[1])
if reservoir ~= nil and reservoir > estimate then
	redis.call('hset', KEYS[1], 'reservoir', estimate)
	return 1
end
return 0
`;

/** Claims the refill of the window ending at ARGV[1]: once, and never of an older window than the last. */
const CLAIM_WINDOW = `
local refilled = tonumber(redis.call('get', KEYS[1]))
if refilled ~= nil and refilled >= tonumber(ARGV[1]) then return 0 end
redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`;

function settingsKey(limiterId: string): string {
	return `b_${limiterId}_settings`;
}

function refilledKey(limiterId: string): string {
	return `intercom-limit_${limiterId}_refilled`;
}

/**
 * Every process hears of the same window and lowers the shared reservoir to what Intercom
 * reports (minus its own requests in flight). Lowering only, in one step: processes that
 * lower at the same moment cannot push the reservoir below the lowest report.
 */
export async function lowerReservoir(client: Redis, limiterId: string, estimate: number, windowResetMs: number): Promise<void> {
	await client.eval(
		LOWER,
		2,
		settingsKey(limiterId),
		refilledKey(limiterId),
		String(Math.max(0, Math.floor(estimate))),
		String(windowResetMs),
	);
}

/**
 * Claims the refill of one window: every process schedules it, the first to ask does it.
 * A number names a window by Intercom's reset (ms); any other name (an assumed window, a
 * `Retry-After`) is claimed once by name.
 */
export async function claimRefill(client: Redis, limiterId: string, window: number | string, ttlMs: number): Promise<boolean> {
	const ttl = String(Math.max(1_000, Math.ceil(ttlMs)));
	if (typeof window === 'number') {
		return (await client.eval(CLAIM_WINDOW, 1, refilledKey(limiterId), String(window), ttl)) === 1;
	}
	return (await client.set(`intercom-limit_${limiterId}_refill_${window}`, '1', 'PX', ttl, 'NX')) === 'OK';
}
