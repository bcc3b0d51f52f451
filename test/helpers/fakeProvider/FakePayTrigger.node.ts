// The test-only FakePay Trigger: what a node file of nodes/ declares, built from the provider (builders.ts).
import { triggerNodeClass } from './builders';
import { FAKE_PROVIDERS } from './registry';

export class FakePayTrigger extends triggerNodeClass(
	FAKE_PROVIDERS.fakepay.provider,
	'Starts the workflow when FakePay sends a verified payment notification',
) {}
