/**
 * Runs `worker` over `inputs` with at most `limit` in flight and returns results in
 * input order. After the first failure no new input starts; those already running
 * finish (their requests are out, possibly as paid jobs), then the failure is thrown.
 * `pace`, when given, is awaited before each input starts (in input order).
 */
export async function mapWithConcurrency<In, Out>(
	inputs: readonly In[],
	limit: number,
	worker: (input: In, index: number) => Promise<Out>,
	pace?: (index: number) => Promise<void>,
): Promise<Out[]> {
	const results = new Array<Out>(inputs.length);
	let next = 0;
	let failure: { error: unknown } | undefined;
	const lane = async () => {
		while (!failure && next < inputs.length) {
			const index = next++;
			try {
				if (pace) await pace(index);
				if (failure) return;
				results[index] = await worker(inputs[index], index);
			} catch (error) {
				failure ??= { error };
			}
		}
	};
	const lanes = Math.max(1, Math.min(limit, inputs.length));
	await Promise.all(Array.from({ length: lanes }, lane));
	if (failure) throw failure.error;
	return results;
}
