import { z } from 'zod/v4';

import type { CallbackProvider } from './provider';

/**
 * The fields every trigger of this package emits, whatever the provider. Descriptions are what n8n
 * shows beside each field (through the generated output schema), so they are written for users.
 */
export const commonItemShape = {
	provider: z.string().describe('Which service sent the callback'),
	event: z.string().describe('What happened, as a stable id (see the Events list of the node)'),
	status: z.string().describe("The provider's own status, exactly as sent"),
	orderId: z.string().nullable().describe("The provider's id of the order or payment"),
	merchantReference: z
		.string()
		.nullable()
		.describe('Your own reference for the order, when the provider sends one'),
	amount: z.number().nullable().describe('Amount in major units, e.g. 4500.5 for NGN 4,500.50'),
	amountMinor: z
		.number()
		.int()
		.nullable()
		.describe('Amount in minor units (kobo, cents), e.g. 450050'),
	currency: z.string().nullable().describe('Three-letter currency code, e.g. NGN'),
	verified: z
		.boolean()
		.describe("True when the callback's signature or token was checked and matched"),
	verifiedWith: z
		.enum(['current', 'previous'])
		.nullable()
		.describe(
			'Which key of the credential matched: "previous" means the sender still uses the key from before a rotation (null when not verified)',
		),
	dedupeKey: z
		.string()
		.describe(
			'Identifies this notification; the same value means a repeat of the same notification',
		),
	receivedAt: z.iso.datetime().describe('When n8n received the callback (ISO 8601, UTC)'),
	headers: z
		.record(z.string(), z.string())
		.optional()
		.describe(
			'Request headers, with Authorization and cookies hidden (only with "Include Headers")',
		),
};

/** The item schema of one provider: the common fields, its event ids and its typed payload. */
export function itemSchemaFor(provider: CallbackProvider) {
	const eventIds = provider.events.map((event) => event.id) as [string, ...string[]];
	return z
		.object({
			...commonItemShape,
			provider: z.literal(provider.id).describe(commonItemShape.provider.description ?? ''),
			event: z.enum([...eventIds, 'other']).describe(commonItemShape.event.description ?? ''),
			payload: provider.payloadSchema.describe('The callback as received, with secrets removed'),
			...provider.itemExtension,
		})
		.strict();
}

export type CallbackItem = z.infer<ReturnType<typeof itemSchemaFor>>;
