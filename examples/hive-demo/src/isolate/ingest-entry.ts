// The module `--isolate` loads in each worker thread: the ingest plugin as it is, as the default
// export `isolatedPlugin` (and `host.register`) look for.
export { IngestPlugin as default } from '../plugins/ingest.js';
