/**
 * Local simulator of the useapi.net Pika API (v1) for tests and manual runs.
 *
 *   const sim = createSimulator({ jobDurationMs: 100 });
 *   const baseUrl = await sim.start();   // http://127.0.0.1:<port>
 *   …                                    // call `${baseUrl}/v1/pika/create` with sim.token
 *   await sim.stop();
 */
export { createSimulator, PikaSimulator, DEFAULT_TOKEN } from './simulator';
export { FaultPresets } from './faults';
export { EXPIRED_TEXT, videoBytes, videoStream } from './video';
export { maskDiscord } from './format';
export { parseMultipart, getBoundary, MultipartError, type MultipartPart } from './multipart';
export type * from './types';
