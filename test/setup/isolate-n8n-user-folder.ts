// n8n-core writes an instance encryption key under N8N_USER_FOLDER on first use: keep it out of $HOME.
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-payment-callbacks-test-'));

// Rejections are logged as warnings on purpose; the tests read them through the harness instead.
process.env.N8N_LOG_LEVEL ??= 'error';
