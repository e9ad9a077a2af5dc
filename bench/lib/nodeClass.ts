import type { IntercomConversations as NodeClass } from '../../nodes/IntercomConversations/IntercomConversations.node';

// tsx resolves `IntercomConversations.node` to the codex file `IntercomConversations.node.json`
// (Node tries `.json` before `.ts`), so the class is required with its extension.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { IntercomConversations } = require('../../nodes/IntercomConversations/IntercomConversations.node.ts') as {
	IntercomConversations: typeof NodeClass;
};
