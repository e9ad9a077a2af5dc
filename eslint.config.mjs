// n8n's lint rules for community nodes, combined as `@n8n/node-cli` combines them in its
// `configWithoutCloudSupport` (@n8n/node-cli 0.48.3, dist/configs/eslint.js), including the
// n8n-nodes-base rules that configuration itself switches off because they contradict the
// newer community rules (e.g. `['main']` vs `NodeConnectionTypes.Main`).
// The n8n rules apply to what the package ships (nodes/, credentials/) and to package.json;
// tests, the sandbox, the benchmark and scripts get the general TypeScript rules.
// One rule is switched off on purpose: `no-runtime-dependencies` — the package ships axios,
// p-retry, bottleneck, ioredis and luxon by design and targets self-hosted n8n (README,
// "Dependencies").
import js from '@eslint/js';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

const community = n8nCommunityNodesPlugin.configs.recommendedWithoutN8nCloudSupport;
const ourExceptions = { '@n8n/community-nodes/no-runtime-dependencies': 'off' };

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.cache/**', '**/*.js', '**/*.mjs'] },
	{
		files: ['**/*.ts'],
		extends: [js.configs.recommended, tseslint.configs.recommended],
		rules: {
			'prefer-spread': 'off',
			// `const { omitted: _omitted, ...rest } = value` is how the sandbox drops fields.
			'@typescript-eslint/no-unused-vars': ['error', { varsIgnorePattern: '^_', argsIgnorePattern: '^_', ignoreRestSiblings: true }],
		},
	},
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		extends: [community],
		rules: { 'no-console': 'error', ...ourExceptions },
	},
	{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
	{
		files: ['package.json'],
		extends: [community],
		rules: { ...n8nNodesBase.configs.community.rules, ...ourExceptions },
		languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
	},
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
);
