/**
 * Masks a Discord token the way useapi.net does: the first 3 and the last 3 characters.
 * Applied to account output as a second line of defence, so a token never reaches the
 * workflow's data even if the API were to send it in clear.
 */
export function maskSecret(value: string): string {
	if (value === '') return value;
	if (value.includes('…secured…')) return value;
	if (value.length <= 8) return '…secured…';
	return `${value.slice(0, 3)}…secured…${value.slice(-3)}`;
}
