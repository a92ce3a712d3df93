// W&B identifies objects with Relay-style global IDs: base64 of "Type:number".
// Mimicking the format keeps clients that decode or log IDs honest.

export function encodeId(type: string, n: number): string {
  return Buffer.from(`${type}:${n}`, 'utf8').toString('base64');
}

/** The number inside a global ID of the given type, or undefined when it is not one. */
export function decodeId(type: string, id: string): number | undefined {
  const match = /^([A-Za-z]+):(\d+)$/.exec(Buffer.from(id, 'base64').toString('utf8'));
  if (!match || match[1] !== type) return undefined;
  const n = Number(match[2]);
  return Number.isSafeInteger(n) ? n : undefined;
}
