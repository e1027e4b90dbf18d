/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-side code runs under plain Node, never inside n8n */
/**
 * The trigger's description: what n8n and the editor read from it, and its registration in the
 * package.
 */
import type { INodeProperties } from 'n8n-workflow';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { PIKA_VERBS } from '../../../nodes/PikaTrigger/description';
import { PikaTrigger } from '../../../nodes/PikaTrigger/PikaTrigger.node';
import { readHome } from '../../../scripts/projectHome';

const root = join(__dirname, '..', '..', '..');
const { description } = new PikaTrigger();
const property = (name: string) =>
	description.properties.find((candidate) => candidate.name === name) as INodeProperties;

test('is a trigger with one POST webhook answered at once, and not an AI tool', () => {
	expect(description).toMatchObject({
		displayName: 'Pika Trigger',
		name: 'pikaTrigger',
		group: ['trigger'],
		inputs: [],
		credentials: [{ name: 'useApiPikaApi', required: true }],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
	});
	expect(description.usableAsTool).toBeUndefined();
	const { webhookMethods } = new PikaTrigger();
	expect(Object.keys(webhookMethods.default).sort()).toEqual(['checkExists', 'create', 'delete']);
});

test('parameters and their defaults', () => {
	expect(property('registration')).toMatchObject({ type: 'options', default: 'automatic' });
	expect(property('statuses')).toMatchObject({ type: 'multiOptions', default: ['completed'] });
	expect(
		(property('statuses').options as Array<{ value: string }>).map((option) => option.value).sort(),
	).toEqual(['cancelled', 'completed', 'failed', 'moderated']);
	expect(property('verbs')).toMatchObject({ type: 'multiOptions', default: [...PIKA_VERBS] });
	expect(property('verifyWithApi')).toMatchObject({ type: 'boolean', default: true });
	const options = property('options').options as INodeProperties[];
	expect(options.map((option) => [option.name, option.default])).toEqual([
		['replyRef', ''],
		['replyRefMatch', 'exact'],
		['takeOver', false],
	]);
});

test('Manual registration tells the user to pass the production URL as Reply URL', () => {
	const notice = property('manualNotice');
	expect(notice).toMatchObject({
		type: 'notice',
		displayOptions: { show: { registration: ['manual'] } },
	});
	expect(notice.displayName).toMatch(/Production URL/);
	expect(notice.displayName).toMatch(/Reply URL/);
	expect(property('automaticNotice').displayOptions).toEqual({
		show: { registration: ['automatic'] },
	});
});

test('the Automatic notice is read at a glance: two sentences (what publishing does, unpublish before uninstalling), the details behind a link to the docs', () => {
	const notice = property('automaticNotice').displayName;
	const link = /<a href="([^"]+)" target="_blank">([^<]+)<\/a>\s*$/.exec(notice);
	expect(link?.[1]).toBe(`${readHome()}/blob/main/docs/pika-trigger.md`);
	expect(readFileSync(join(root, 'docs/pika-trigger.md'), 'utf8')).toMatch(
		/^## How registration works and what it changes on your useapi account$/m,
	);
	const text = notice
		.slice(0, link?.index)
		.replace(/<[^>]+>/g, '')
		.trim();
	expect(text.split(/(?<=[.!?])\s+/)).toHaveLength(2);
	expect(text.length).toBeLessThanOrEqual(300);
	expect(text).toMatch(/default Reply URL/);
	expect(text).toMatch(/puts the previous value back/);
	// n8n's Uninstall leaves the workflow published and the account pointing here (install.e2e).
	expect(text).toMatch(/Unpublish before uninstalling this package/);
});

test('is registered in the package, with its codex and icons', () => {
	const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
		n8n: { nodes: string[] };
	};
	expect(pkg.n8n.nodes).toContain('dist/nodes/PikaTrigger/PikaTrigger.node.js');
	const codex = JSON.parse(
		readFileSync(join(root, 'nodes/PikaTrigger/PikaTrigger.node.json'), 'utf8'),
	) as { node: string };
	expect(codex.node).toBe('n8n-nodes-useapi-pika.pikaTrigger');
	const icon = description.icon as { light: string; dark: string };
	for (const file of [icon.light, icon.dark]) {
		expect(
			readFileSync(join(root, 'nodes/PikaTrigger', file.replace('file:', '')), 'utf8'),
		).toMatch(/<svg/);
	}
});
