import type { RateLimit } from './types';

export interface RateDecision {
	allowed: boolean;
	headers: Record<string, string>;
	limit: number;
	windowMs: number;
}

/** Per-token fixed windows aligned to multiples of windowMs since the epoch; 429s do not consume allowance. */
export class RateLimiter {
	private readonly windows = new Map<string, { start: number; used: number }>();

	constructor(private config: RateLimit | false) {}

	set(config: RateLimit | false): void {
		this.config = config;
		this.windows.clear();
	}

	take(token: string, now = Date.now()): RateDecision | undefined {
		const config = this.config;
		if (!config) return undefined;
		const start = Math.floor(now / config.windowMs) * config.windowMs;
		let window = this.windows.get(token);
		if (!window || window.start !== start) {
			window = { start, used: 0 };
			this.windows.set(token, window);
		}
		const allowed = window.used < config.limit;
		if (allowed) window.used++;
		return {
			allowed,
			limit: config.limit,
			windowMs: config.windowMs,
			headers: {
				'X-RateLimit-Limit': String(config.limit),
				'X-RateLimit-Remaining': String(Math.max(0, config.limit - window.used)),
				'X-RateLimit-Reset': String(Math.ceil((start + config.windowMs) / 1000)),
			},
		};
	}
}

/** "10_seconds" like Intercom's message; sub-second windows read "500_milliseconds". */
export function describeWindow(windowMs: number): string {
	return windowMs % 1000 === 0 ? `${windowMs / 1000}_seconds` : `${windowMs}_milliseconds`;
}
