import type { CallbackSimulation } from '../shared/simulation';
import { formatMoney } from '../shared/simulation';
import { SIGNATURE_SCHEMES, intraPay, intraPayDigest, signatureSchemeOf } from './provider';

const PAYMENT_STATUSES: Record<string, string> = {
	payment_pending: 'PENDING',
	payment_paid: 'PAID',
	payment_refunded: 'REFUND',
	other: 'ON_HOLD',
};

const AMOUNT = 5000;

export const intraPaySimulation: CallbackSimulation = {
	provider: intraPay,
	settings: [{ field: 'signatureScheme', label: 'Signature Scheme', choices: SIGNATURE_SCHEMES }],
	unsignedEvents: {
		order_acknowledged:
			'IntraPay sends order acknowledgements without a signature: the trigger accepts them only with its option "Accept Unsigned Callbacks" on.',
	},
	callback(event, orderId, keys) {
		if (event === 'order_acknowledged') {
			return {
				contentType: 'application/json',
				body: JSON.stringify({ partner_order_id: `ORDER-${orderId}`, callbak_data: 'OK' }),
				summary: `acknowledgement of order ORDER-${orderId}, unsigned`,
			};
		}
		const payment = {
			status: 'success',
			message: 'Payment received',
			data: {
				payment: { status: PAYMENT_STATUSES[event] },
				virtual_account: {
					amount: String(AMOUNT),
					account_name: 'JOHN DOE',
					bank_name: 'SAMPLE BANK',
					account_number: '0123456789',
				},
				order_details: {
					status: 'COMPLETED',
					partner_order_id: `ORDER-${orderId}`,
					intrapay_order_reference: `IPREF-${orderId}`,
				},
			},
		};
		// IntraPay signs the body without its signature, then appends the signature as the last member
		const signed = JSON.stringify(payment);
		const scheme = signatureSchemeOf(keys.signatureScheme);
		const signature = intraPayDigest(
			scheme,
			keys.merchantSecretKey + keys.partnerSecretKey,
			signed,
		);
		return {
			contentType: 'application/json',
			body: `${signed.slice(0, -1)},"signature":"${signature}"}`,
			summary: `order ORDER-${orderId}, ${formatMoney('NGN', AMOUNT)}, payment status "${PAYMENT_STATUSES[event]}"`,
		};
	},
};
