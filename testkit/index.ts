/**
 * The test kit shared by test/ and bench/: a seeded sandbox started and closed around the tests,
 * the node run against it, the credential for it, and webhook notifications and deliveries.
 * Modules that use jest's hooks (useSandbox, useNodeSandbox) are for tests; the rest (the node
 * harness, credentials, notifications, deliveries, redisServer) also run outside jest. The
 * benchmark imports those modules by name, not this index: under tsx the index would load the node
 * class by a path tsx resolves to its codex JSON (bench/lib/nodeClass.ts).
 */
export { useNodeSandbox, type NodeSandbox, type NodeSandboxOptions } from './nodeSandbox';
export { call, live, liveSandbox, sandboxLifecycle, SEED_NOW, useSandbox, type ApiResponse, type CallOptions, type SandboxLifecycle } from './sandbox';
export { nodeCredentials, type CredentialOptions, type NodeCredentials } from './credentials';
export {
	executeContext,
	loadOptionsContext,
	runNode,
	splitErrorOutput,
	type ParameterValue,
	type RunOptions,
} from './nodeHarness';
export {
	closed,
	conversation,
	customer,
	fin,
	lead,
	notification,
	notificationAbout,
	onOpen,
	operator,
	teammate,
	type ConversationShape,
	type PartAuthor,
} from './notifications';
export { deliver, deliverConcurrently, type Delivery, type DeliveryTarget } from './deliveries';
export { describeWithRedis, freePort, hasRedisServer, startRedis, type RedisServer, type RedisServerOptions } from './redisServer';
