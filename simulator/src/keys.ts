// Which keys the simulator signs with, and where it reads them: a flag named after the credential
// field (publicKey -> --public-key) or an environment variable (ATARAPAY_PUBLIC_KEY); the flag wins.
import { signingSecretsOf, type CallbackSimulation } from '../../nodes/shared/simulation';

export interface KeyOption {
	field: string;
	label: string;
	flag: string;
	env: string;
	/** Settings (not secrets) may have choices and a default; secrets are required. */
	choices?: readonly string[];
}

const kebab = (field: string) => field.replace(/[A-Z0-9]+/g, (part) => `-${part.toLowerCase()}`);

export function keyOptionsOf(simulation: CallbackSimulation): {
	secrets: KeyOption[];
	settings: KeyOption[];
} {
	const option = (field: string, label: string, choices?: readonly string[]): KeyOption => ({
		field,
		label,
		flag: kebab(field),
		env: `${simulation.provider.id}_${kebab(field).replace(/-/g, '_')}`.toUpperCase(),
		choices,
	});
	return {
		secrets: signingSecretsOf(simulation).map((secret) => option(secret.field, secret.label)),
		settings: (simulation.settings ?? []).map((setting) =>
			option(setting.field, setting.label, setting.choices),
		),
	};
}

/** Secrets and settings together, as the command line offers them. */
export function allKeyOptionsOf(simulation: CallbackSimulation): KeyOption[] {
	const { secrets, settings } = keyOptionsOf(simulation);
	return [...secrets, ...settings];
}

export type KeyLookup = { ok: true; keys: Record<string, string> } | { ok: false; message: string };

/**
 * The keys to sign with. A forged callback is signed with made-up secrets, as someone without the
 * keys would do, so it needs none from the user.
 */
export function readKeys(
	simulation: CallbackSimulation,
	flags: Readonly<Record<string, string | undefined>>,
	env: Readonly<Record<string, string | undefined>>,
	forged: boolean,
): KeyLookup {
	const { secrets, settings } = keyOptionsOf(simulation);
	const keys: Record<string, string> = {};
	const valueOf = (option: KeyOption) =>
		(flags[option.flag] ?? env[option.env])?.trim() || undefined;
	const missing: KeyOption[] = [];
	for (const option of secrets) {
		const value = valueOf(option);
		if (forged) keys[option.field] = `forged-${option.flag}-${Math.random().toString(36).slice(2)}`;
		else if (value === undefined) missing.push(option);
		else keys[option.field] = value;
	}
	if (missing.length > 0) {
		const name = simulation.provider.displayName;
		return {
			ok: false,
			message: [
				`${name} signs with keys the simulator does not have yet. Give the same values as in your n8n ${name} credential:`,
				...missing.map(
					(option) => `  ${option.label}: pass --${option.flag} <value> or set ${option.env}`,
				),
			].join('\n'),
		};
	}
	for (const option of settings) {
		const value = valueOf(option) ?? option.choices?.[0] ?? '';
		if (option.choices && !option.choices.includes(value)) {
			return {
				ok: false,
				message: `--${option.flag} must be one of: ${option.choices.join(', ')}.`,
			};
		}
		keys[option.field] = value;
	}
	return { ok: true, keys };
}
