import type { ProviderEntry } from '../../../nodes/providers';
import { fakePay } from './provider';

// The test-only providers, in an entry of the product registry's type (nodes/providers.ts): the
// tests' provider list (../providers.ts) reads them the way it reads the product's. Paths are
// relative to this folder.
export const FAKE_PROVIDERS = {
	fakepay: { provider: fakePay, node: 'FakePayTrigger', credential: 'FakePayApi' },
} as const satisfies Record<string, ProviderEntry>;
