import * as os from 'node:os';
import * as path from 'node:path';

// Imported first by every harness module that touches n8n-core. n8n-core's InstanceSettings
// writes `<N8N_USER_FOLDER>/.n8n/config` (an auto-generated encryption key) the first time the
// DI container builds it, and its Logger reads N8N_LOG_LEVEL at the same moment. Both are read
// lazily, so setting them here, before any n8n code runs, is enough to keep tests away from the
// developer's real ~/.n8n. Existing values win so a developer can still turn logging on.
process.env.N8N_USER_FOLDER ??= path.join(os.tmpdir(), 'n8n-nodes-apollo-enrich-test-harness');
process.env.N8N_LOG_LEVEL ??= 'silent';
