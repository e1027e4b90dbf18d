/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-side code runs under plain Node, never inside n8n */
/**
 * What the editor shows of the nodes: where the node picker lists them (codex categories), the
 * canvas subtitle, and action names that read like the operation the user picks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodePropertyOptions } from 'n8n-workflow';

import { Pika } from '../../../nodes/Pika/Pika.node';
import { PikaTrigger } from '../../../nodes/PikaTrigger/PikaTrigger.node';

const codex = (file: string) =>
	JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'nodes', file), 'utf8')) as {
		categories: string[];
		subcategories?: Record<string, string[]>;
	};

describe('node picker', () => {
	it.each(['Pika/Pika.node.json', 'PikaTrigger/PikaTrigger.node.json'])(
		'%s is not in the "AI" category: n8n 2.x lists such nodes only in its AI view (unless they are root nodes)',
		(file) => {
			expect(codex(file).categories).toEqual(['Marketing']);
			expect(codex(file).subcategories).toBeUndefined();
		},
	);
});

/**
 * What n8n's node picker makes of the two nodes (the editor's actions generator, the same in
 * n8n 1.123 and 2.41): a trigger whose type is the app's plus "Trigger" joins the app in one
 * entry, and that entry shows the trigger's description, in both panels. The trigger's events
 * are the options of its parameter shown as "Event", "Events" or "Trigger On", each named "On "
 * and the option's name in lower case; without such a parameter there is one, "On new Pika event".
 */
describe('node picker texts', () => {
	const app = new Pika().description;
	const trigger = new PikaTrigger().description;
	const eventParameter = trigger.properties.find((p) =>
		['event', 'events', 'trigger on'].includes(p.displayName.toLowerCase()),
	);
	const events = ((eventParameter?.options ?? []) as INodePropertyOptions[]).map((option) => ({
		name: option.action ?? `On ${option.name.toLowerCase()}`,
		description: option.description,
	}));

	it('the trigger joins the app: same type name plus "Trigger"', () => {
		expect(`${app.name}Trigger`).toBe(trigger.name);
	});

	it('the one entry says what the package does: the actions (create videos) and the trigger', () => {
		expect(trigger.description).toBe(
			'Create Pika videos on useapi.net and start workflows when they are ready',
		);
		expect(app.description).toBe(
			'Create, animate and track Pika videos through the useapi.net API',
		);
	});

	it('the trigger lists one event per way a job ends, each with what it means', () => {
		expect(eventParameter?.name).toBe('statuses');
		expect(events.map((event) => event.name)).toEqual([
			'On job cancelled',
			'On job completed',
			'On job failed',
			'On job moderated',
		]);
		for (const event of events) expect(event.description).toMatch(/^\S.{10,}/);
	});
});

describe('Pika node', () => {
	const description = new Pika().description;
	const operations = description.properties
		.filter((p) => p.name === 'operation')
		.flatMap((p) => p.options as INodePropertyOptions[]);

	it('the subtitle maps every operation to its action name, never to raw values', () => {
		const subtitle = String(description.subtitle);
		const match = /^=\{\{ (\{.*\})\[\$parameter\["operation"\]\] \}\}$/.exec(subtitle);
		expect(match).not.toBeNull();
		const actions = JSON.parse(match![1]) as Record<string, string>;
		expect(Object.keys(actions).sort()).toEqual(operations.map((o) => String(o.value)).sort());
		for (const operation of operations)
			expect(actions[String(operation.value)]).toBe(operation.action);
		expect(actions.create).toBe('Create a video');
		expect(actions.getAll).toBe('Get many accounts');
	});

	it('every action name starts with its operation\'s verb ("Encrypt Text" → "Encrypt text …")', () => {
		for (const operation of operations) {
			const verb = operation.name.split(' ')[0].toLowerCase();
			expect(String(operation.action).toLowerCase().startsWith(verb)).toBe(true);
		}
	});

	it('Max Wait has no fixed decimals (20 shows as "20", not "20.00")', () => {
		const options = description.properties.filter((p) => p.name === 'options');
		const maxWaits = options.flatMap((p) =>
			(p.options ?? []).filter((o) => 'name' in o && o.name === 'maxWait'),
		);
		expect(maxWaits.length).toBeGreaterThan(0);
		for (const maxWait of maxWaits)
			expect(maxWait).not.toHaveProperty('typeOptions.numberPrecision');
	});

	it('"Add option", as the trigger and n8n 2.x write it', () => {
		for (const collection of description.properties.filter((p) => p.type === 'collection'))
			expect(collection.placeholder).toBe('Add option');
	});
});
