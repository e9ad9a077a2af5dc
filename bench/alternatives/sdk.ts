import { IntercomClient } from 'intercom-client';
import type { Approach, Op, Target } from './types';

/** The official SDK (`intercom-client` 7.0.3) at its defaults: 2 retries on 408/429/5xx, POSTs included. */
function client(target: Target): IntercomClient {
	return new IntercomClient({ token: target.token, baseUrl: target.url });
}

async function send(sdk: IntercomClient, op: Op, adminId: string): Promise<void> {
	if (op.kind === 'close') {
		await sdk.conversations.manage({
			conversation_id: op.conversationId,
			body: { message_type: 'close', type: 'admin', admin_id: adminId },
		});
	} else {
		await sdk.conversations.reply({
			conversation_id: op.conversationId,
			body: { message_type: 'note', type: 'admin', admin_id: adminId, body: op.body ?? '' },
		});
	}
}

/** (a) `Promise.all` over every item; each promise records its own failure so every item is counted. */
export const sdkPromiseAll: Approach = {
	key: 'sdkAll',
	label: 'SDK, Promise.all',
	async run(target, ops) {
		const sdk = client(target);
		let failed = 0;
		await Promise.all(
			ops.map((op) =>
				send(sdk, op, target.adminId).catch(() => {
					failed++;
				}),
			),
		);
		return { failed };
	},
};

/** (b) One item after the other, a failure logged and skipped. */
export const sdkSequential: Approach = {
	key: 'sdkSeq',
	label: 'SDK, sequential loop',
	async run(target, ops) {
		const sdk = client(target);
		let failed = 0;
		for (const op of ops) {
			try {
				await send(sdk, op, target.adminId);
			} catch {
				failed++;
			}
		}
		return { failed };
	},
};
