import type { FaultKind, FaultSpec, RouteKey } from './types';

export type FaultTarget = RouteKey | '*';

export interface FaultDecision {
	kind?: FaultKind;
	extraLatencyMs: number;
}

/** Holds one-shot fault queues (failNext) and persistent probabilistic faults (setFaults). */
export class FaultController {
	private readonly queues = new Map<FaultTarget, FaultKind[]>();
	private readonly specs = new Map<FaultTarget, FaultSpec>();

	set(target: FaultTarget, spec: FaultSpec | undefined): void {
		if (spec) this.specs.set(target, spec);
		else this.specs.delete(target);
	}

	queue(target: FaultTarget, kind: FaultKind, times = 1): void {
		const list = this.queues.get(target) ?? [];
		for (let i = 0; i < times; i++) list.push(kind);
		this.queues.set(target, list);
	}

	clear(): void {
		this.queues.clear();
		this.specs.clear();
	}

	/** The `Retry-After` of the route's injected answers, if set (the route's spec wins over '*'). */
	retryAfterFor(route: RouteKey | undefined): string | undefined {
		return (route && this.specs.get(route)?.retryAfter) ?? this.specs.get('*')?.retryAfter;
	}

	/** Route-specific entries win over '*'; one-shot queues win over probabilities. */
	decide(route: RouteKey | undefined): FaultDecision {
		const targets: FaultTarget[] = route ? [route, '*'] : ['*'];
		let extraLatencyMs = 0;
		for (const target of targets) extraLatencyMs += this.specs.get(target)?.latencyMs ?? 0;
		for (const target of targets) {
			const kind = this.queues.get(target)?.shift();
			if (kind) return { kind, extraLatencyMs };
		}
		for (const target of targets) {
			const spec = this.specs.get(target);
			const kind = spec ? roll(spec) : undefined;
			if (kind) return { kind, extraLatencyMs };
		}
		return { extraLatencyMs };
	}
}

function roll(spec: FaultSpec): FaultKind | undefined {
	const random = spec.random ?? Math.random;
	const r = random();
	let edge = 0;
	const table: Array<[number | undefined, FaultKind]> = [
		[spec.status500, '500'],
		[spec.status502, '502'],
		[spec.status503, '503'],
		[spec.reset, 'reset'],
		[spec.commitThenFail, spec.commitThenFailMode === 'reset' ? 'commit-then-reset' : 'commit-then-500'],
	];
	for (const [probability, kind] of table) {
		edge += probability ?? 0;
		if (r < edge) return kind;
	}
	return undefined;
}
