export {
  isRedisServerNotFoundError,
  isRedisServerStartError,
  RedisServerNotFoundError,
  RedisServerStartError,
} from './errors.js';
export type { RedisServer, RedisServerOptions } from './server.js';
export { startRedisServer } from './server.js';
