import type { CallbackSimulation } from '../shared/simulation';
import { formatMoney } from '../shared/simulation';
import { DEFAULT_HASH_TEMPLATE, hashMessage, optty, opttyDigest } from './provider';

// The status (and capture status) Optty sends for each event (docs/protocols.md §3).
const STATUSES: Record<
	string,
	{ status: string; captureStatus?: string; extra?: Record<string, string> }
> = {
	order_successful: { status: 'SUCCESSFUL', captureStatus: 'CAPTURED' },
	order_declined: {
		status: 'DECLINED',
		extra: { rejectReason: 'Declined by the BNPL provider (sample)' },
	},
	order_cancelled: { status: 'CANCELLED', extra: { cancelledBy: 'USER' } },
	order_pending: { status: 'PENDING' },
	order_error: { status: 'ERROR' },
	order_authorized: { status: 'AUTHORIZED', captureStatus: 'AUTHORIZED' },
	order_captured: { status: 'CAPTURED', captureStatus: 'CAPTURED' },
	order_refunded: { status: 'REFUNDED' },
	other: { status: 'ON_HOLD' },
};

const AMOUNT = 149.95;

export const opttySimulation: CallbackSimulation = {
	provider: optty,
	callback(event, orderId, keys) {
		const { status, captureStatus, extra } = STATUSES[event];
		const notification: Record<string, unknown> = {
			event: 'ORDER_STATUS_UPDATE',
			status,
			transactionId: `TX-${orderId}`,
			orderId: `BNPL-${orderId}`,
			orderReference: `ORDER-${orderId}`,
			transactionReference: `TREF-${orderId}`,
			amount: AMOUNT,
			currency: 'AUD',
			provider: 'FAT_ZEBRA_AU',
			...(captureStatus ? { captureStatus } : {}),
			...extra,
		};
		notification.hash = opttyDigest(
			keys.hashSecret,
			hashMessage(DEFAULT_HASH_TEMPLATE, notification),
		).toString('hex');
		return {
			contentType: 'application/json',
			body: JSON.stringify(notification),
			summary: `order ORDER-${orderId}, ${formatMoney('AUD', AMOUNT)}, status "${status}"`,
		};
	},
};
