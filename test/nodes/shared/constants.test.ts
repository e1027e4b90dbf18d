/**
 * nodes/shared/constants.ts is the one home of the node's constants, but n8n's linter wants some
 * of them as literals in descriptions and in the credential. Every such literal must equal its
 * constant, so a change in one place that misses the other fails here.
 */
import type { INodeProperties } from 'n8n-workflow';

import { UseApiPikaApi } from '../../../credentials/UseApiPikaApi.credentials';
import { DEFAULT_BASE_URL, LIMITS, POLLING, QUEUE_RETRY } from '../../../nodes/shared/constants';
import { Pika } from '../../../nodes/Pika/Pika.node';

/** Every property of the node, options collections included, by name (first one wins). */
function propertiesByName(): Map<string, INodeProperties> {
	const found = new Map<string, INodeProperties>();
	const walk = (properties: INodeProperties[]) => {
		for (const property of properties) {
			if (!found.has(property.name)) found.set(property.name, property);
			const nested = (property.options ?? []) as unknown[];
			walk(
				nested.filter(
					(option): option is INodeProperties =>
						typeof option === 'object' && option !== null && 'type' in option,
				),
			);
		}
	};
	walk(new Pika().description.properties);
	return found;
}

describe('description literals match nodes/shared/constants.ts', () => {
	const properties = propertiesByName();
	const get = (name: string) => {
		const property = properties.get(name);
		if (!property) throw new Error(`no property ${name}`);
		return property;
	};

	it('Poll Interval and Max Wait', () => {
		expect(get('pollInterval').default).toBe(POLLING.defaultSeconds);
		expect(get('pollInterval').typeOptions?.minValue).toBe(POLLING.minSeconds);
		expect(get('pollInterval').description).toContain(`at least ${POLLING.minSeconds}`);
		expect(get('maxWait').default).toBe(POLLING.defaultMaxWaitMinutes);
	});

	it('Queue Retry Interval', () => {
		const property = get('queueRetryInterval');
		expect(property.default).toBe(QUEUE_RETRY.defaultSeconds);
		expect(property.typeOptions).toMatchObject({
			minValue: QUEUE_RETRY.minSeconds,
			maxValue: QUEUE_RETRY.maxSeconds,
		});
	});

	it('the prompt limit in the Prompt description and under the field (its hint)', () => {
		expect(get('prompt').description).toContain(`max ${LIMITS.prompt} characters`);
		expect(get('prompt').hint).toBe(`At most ${LIMITS.prompt} characters`);
	});

	it("the credential's Base URL default and the credential test's fallback", () => {
		const credential = new UseApiPikaApi();
		const baseUrl = credential.properties.find((property) => property.name === 'baseUrl');
		expect(baseUrl?.default).toBe(DEFAULT_BASE_URL);
		// The credential test's request falls back to the same host when Base URL is empty.
		expect(JSON.stringify(credential.test)).toContain(
			JSON.stringify(DEFAULT_BASE_URL).slice(1, -1),
		);
	});
});
