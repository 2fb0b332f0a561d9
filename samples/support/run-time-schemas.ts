/**
 * The numbered samples are single-file scripts: their `@Tool()` and `@Schema()` classes live in the
 * entry script itself, which a generated `chat-ts.metadata.ts` cannot import (importing the script
 * would run it). So they use run-time schemas on purpose, every property carrying its validators,
 * and say so here instead of printing the fallback warning. An app keeps its classes in their own
 * files and imports the module `chat-ts schema` generates (see samples/nest).
 */
import { configureSchemas } from '../../lib/schema';

configureSchemas({ runtimeSchemaWarnings: false });
