import type { CallbackSimulation } from '../shared/simulation';
import { formatMoney } from '../shared/simulation';
import { ataraPay, ataraPayToken } from './provider';

// One (status, message) pair per event, as AtaraPay's notifications carry them (docs/protocols.md §1).
const NOTIFICATIONS: Record<string, { status: string; message: string }> = {
	delivery_completed: { status: 'Delivered', message: 'Order is marked completed' },
	buyer_accepted: { status: 'Accepted', message: 'Buyer Accepts Order' },
	buyer_rejected: { status: 'Rejected', message: 'Buyer Rejects Order' },
	buyer_cancelled: { status: 'Rejected', message: 'Transaction is canceled' },
	buyer_cancelled_dispute: {
		status: 'Complete',
		message: 'Dispute is cancelled, Transaction Completed',
	},
	seller_cancelled: { status: 'Canceled', message: 'Transaction is canceled' },
	seller_cancelled_dispute: { status: 'Refunded', message: 'Seller cancels disputed order' },
	second_delivery_attempt: { status: 'Pending II', message: 'Second delivery attempt' },
	dispute_opened: { status: 'Dispute', message: 'Buyer opened a dispute' },
	other: { status: 'Pending', message: 'Order is pending' },
};

const KOBO = 450000;

/** A sample order (the data of a notification) with placeholder buyer and seller; the test fixtures start from it too. */
export function ataraPaySampleOrder(orderId: string, status: string, message: string) {
	return {
		id: Number(orderId),
		product_id: `SHOP-${orderId}`,
		product_name: 'Sample order from the simulator',
		product_cost: KOBO,
		amount_payed: KOBO,
		amount_net: KOBO - 9000,
		currency: 'NGN',
		buyer_email: 'buyer@example.com',
		buyer_phone: '08000000000',
		seller_email: 'seller@example.com',
		seller_phone: '08000000001',
		delivery_location: 'Lagos',
		delivery_date: '2026-11-20',
		transaction_date: '2026-11-18 10:15:00',
		status: { id: 1, title: status, description: message },
		payment: { id: 1, payment_ref: `PAY-${orderId}`, amount: KOBO, method: 'card', status: 'paid' },
	};
}

export const ataraPaySimulation: CallbackSimulation = {
	provider: ataraPay,
	orderIdFormat: {
		pattern: /^\d{1,15}$/,
		description: 'AtaraPay order ids are whole numbers, e.g. 3029',
	},
	callback(event, orderId, keys) {
		const { status, message } = NOTIFICATIONS[event];
		const data = ataraPaySampleOrder(orderId, status, message);
		const token = ataraPayToken(keys.publicKey, keys.privateKey, String(data.id), String(KOBO));
		return {
			contentType: 'application/json',
			body: JSON.stringify({ status, message, data, token }),
			summary: `order ${orderId}, ${formatMoney('NGN', KOBO / 100)}, status "${status}"`,
		};
	},
};
