import { cachedResult, WeakValueCache } from '@leanvibe/decorators';

class Images {
  decodes = 0;

  // Results are held weakly: served while the app still holds them, collected after.
  @cachedResult({ store: () => new WeakValueCache() })
  async decode(name: string): Promise<Uint8Array> {
    this.decodes++;
    return new Uint8Array(1024 * 1024).fill(name.length);
  }
}

const images = new Images();
const logo = await images.decode('logo');
console.log((await images.decode('logo')) === logo, `decodes: ${images.decodes}`);
