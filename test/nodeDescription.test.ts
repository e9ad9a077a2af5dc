import { NodeHelpers, type INodeProperties, type INodeTypeDescription } from 'n8n-workflow';
import { IntercomConversations } from '../nodes/IntercomConversations/IntercomConversations.node';
import { IntercomConversationsTrigger } from '../nodes/IntercomConversationsTrigger/IntercomConversationsTrigger.node';

/** What n8n does with the description when it loads a workflow: resolve every parameter. */
function operationsOf(description: INodeTypeDescription): Array<{ resource: string; operation: string }> {
	return description.properties
		.filter((p) => p.name === 'operation')
		.flatMap((p) =>
			(p.options as Array<{ value: string }>).map((o) => ({
				resource: (p.displayOptions?.show?.resource as string[])[0],
				operation: o.value,
			})),
		);
}

describe('the node descriptions, as n8n reads them', () => {
	const node = new IntercomConversations().description;

	it.each(operationsOf(node))('resolves the parameters of $resource:$operation', ({ resource, operation }) => {
		const parameters = NodeHelpers.getNodeParameters(node.properties, { resource, operation }, true, false, null, null);
		expect(parameters).toMatchObject({ resource, operation });
	});

	it('shows or hides parameters only on top-level parameters n8n can resolve', () => {
		const check = (properties: INodeProperties[]) => {
			const names = new Set(properties.map((p) => p.name));
			return properties.flatMap((p) =>
				(['show', 'hide'] as const).flatMap((kind) =>
					Object.keys(p.displayOptions?.[kind] ?? {})
						.filter((key) => !names.has(key.replace(/^\//, '')))
						.map((key) => `${p.name} ${kind}s on "${key}"`),
				),
			);
		};
		expect(check(node.properties)).toEqual([]);
		expect(check(new IntercomConversationsTrigger().description.properties)).toEqual([]);
	});

	it('names every parameter only once per operation', () => {
		for (const { resource, operation } of operationsOf(node)) {
			const shown = node.properties.filter((p) => NodeHelpers.displayParameter({ resource, operation }, p, { name: 'n', typeVersion: 1 } as never, node));
			const names = shown.map((p) => p.name);
			expect({ resource, operation, duplicates: names.filter((n, i) => names.indexOf(n) !== i) }).toEqual({ resource, operation, duplicates: [] });
		}
	});
});
