/** bech32 (age's flavour) of `bytes` under `hrp`. */
export function bech32Encode(hrp: string, bytes: Uint8Array): string;
/** A fresh key pair of the test plugin: age1hushtest1… and AGE-PLUGIN-HUSHTEST-1…. */
export function newKeys(): { recipient: string; identity: string };
