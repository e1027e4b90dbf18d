/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-side code runs under plain Node, never inside n8n */
/**
 * examples/*.json show the package as a user gets it today: its nodes at the version n8n adds
 * them at, sticky notes in n8n 2.x's words, and every value the user must supply impossible to
 * miss. (That each one runs is shown in a real n8n: test/e2e and `npm run demo`.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeTypeDescription } from 'n8n-workflow';

import { Pika } from '../../nodes/Pika/Pika.node';
import { PikaTrigger } from '../../nodes/PikaTrigger/PikaTrigger.node';

interface ExampleNode {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	notes?: string;
	notesInFlow?: boolean;
}

const dir = join(__dirname, '..', '..', 'examples');
const examples = readdirSync(dir)
	.filter((file) => file.endsWith('.json'))
	.sort()
	.map((file) => ({
		file,
		nodes: (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: ExampleNode[] }).nodes,
	}));

const PACKAGE = 'n8n-nodes-useapi-pika';
/** The node types of the package and the description n8n reads each one's versions from. */
const OWN_TYPES: Record<string, INodeTypeDescription> = {
	[`${PACKAGE}.pika`]: new Pika().description,
	// n8n makes the AI-tool variant of a usableAsTool node with the node's own versions.
	[`${PACKAGE}.pikaTool`]: new Pika().description,
	[`${PACKAGE}.pikaTrigger`]: new PikaTrigger().description,
};

/** Every string in a node's parameters, however deep. */
function strings(value: unknown): string[] {
	if (typeof value === 'string') return [value];
	if (Array.isArray(value)) return value.flatMap(strings);
	if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
	return [];
}

it('there are the four examples the README lists', () => {
	expect(examples.map((example) => example.file)).toEqual([
		'ai-agent-pika-tool.json',
		'create-wait-download.json',
		'trigger-post-video.json',
		'wait-for-callback.json',
	]);
});

describe.each(examples)('examples/$file', ({ nodes }) => {
	it("has the package's nodes at the version n8n adds them at (defaultVersion)", () => {
		const own = nodes.filter((node) => node.type.startsWith(`${PACKAGE}.`));
		expect(own.length).toBeGreaterThan(0);
		for (const node of own) {
			const description = OWN_TYPES[node.type];
			expect({ node: node.name, typeVersion: node.typeVersion }).toEqual({
				node: node.name,
				typeVersion: description.defaultVersion,
			});
		}
	});

	it('says "publish", as n8n 2.x does, not "activate"', () => {
		for (const text of nodes.flatMap((node) => [...strings(node.parameters), node.notes ?? '']))
			expect(text).not.toMatch(/\b(de)?activat(e|es|ed|ing|ion)\b/i);
	});

	it('a note shown on the canvas fits under its node (n8n cuts it after about 25 characters)', () => {
		for (const node of nodes.filter((n) => n.notesInFlow))
			expect({ node: node.name, notes: node.notes?.slice(0, 24) }).toEqual({
				node: node.name,
				notes: node.notes,
			});
	});

	it('marks each value the user must replace, in the value and on the canvas under its node', () => {
		for (const node of nodes) {
			for (const text of strings(node.parameters)) {
				// No made-up address that fails only once the workflow runs.
				expect(text).not.toMatch(/https?:\/\/(www\.)?example\.(com|org|net)\b/);
				if (!/^REPLACE\b/.test(text)) continue;
				expect(text).toMatch(/^REPLACE with .+, e\.g\. \S+$/);
				expect({ node: node.name, notesInFlow: node.notesInFlow }).toEqual({
					node: node.name,
					notesInFlow: true,
				});
			}
		}
	});
});
