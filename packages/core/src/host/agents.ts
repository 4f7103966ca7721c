import { type Agent, checkString, invalidArgument } from '../contracts/index.js';

/** The host's agents, found by capability. */
export class AgentRegistry {
  readonly #agents = new Map<string, Agent>();

  register(agent: Agent): () => void {
    if (typeof agent !== 'object' || agent === null) {
      throw invalidArgument('agent', 'an Agent object', agent);
    }
    const id = checkString('agent.id', agent.id);
    const capabilities = agent.capabilities;
    if (!Array.isArray(capabilities) || capabilities.some((cap) => typeof cap !== 'string')) {
      throw invalidArgument('agent.capabilities', 'an array of strings', capabilities);
    }
    if (typeof agent.execute !== 'function') {
      throw invalidArgument('agent.execute', 'a function', agent.execute);
    }
    if (this.#agents.has(id)) {
      throw invalidArgument('agent.id', 'an id no other registered agent has', id);
    }
    this.#agents.set(id, agent);
    return () => {
      if (this.#agents.get(id) === agent) this.#agents.delete(id);
    };
  }

  /** Agents having every one of `capabilities`, in registration order. */
  find(capabilities: readonly string[]): readonly Agent[] {
    if (!Array.isArray(capabilities)) {
      throw invalidArgument('capabilities', 'an array of strings', capabilities);
    }
    const found: Agent[] = [];
    for (const agent of this.#agents.values()) {
      if (capabilities.every((cap) => agent.capabilities.includes(cap))) found.push(agent);
    }
    return Object.freeze(found);
  }
}
